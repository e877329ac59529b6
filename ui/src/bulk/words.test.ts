// Bulk import words: what happened to a row, its days, and the job's files named.
import { describe, expect, it } from "vitest";
import type { JobStatus, PlannedRow, RowStatus } from "../generated/bindings";
import { exportsFile, fakeBulk } from "../fakeBackend.test-util";
import { daysWords, isProblem, jobFiles, outcomeWords } from "./words";

const status = async (): Promise<JobStatus> => {
  const desk = fakeBulk([]);
  await desk.bulkResume("j", "retryFailed", () => undefined);
  return desk.bulkStatus("j");
};

describe("bulk words", () => {
  it("names the badge sheet and its slips, or the slips folder of a printer-only job", async () => {
    const s = await status();
    expect(jobFiles(s)).toEqual({
      badges: [exportsFile("/tmp/exports/badges-0001.pdf")],
      slips: [exportsFile("/tmp/exports/badges-0001-pins.pdf")],
      slipsIn: null,
    });
    // A printer-only job whose slips are not written yet names its slips folder.
    const printed = {
      ...s,
      job: { ...s.job, options: { ...s.job.options, pinSlipsDir: "/tmp/exports" } },
      rows: s.rows.map((r) => ({ ...r, output: null, state: "printed" as const })),
      files: { badges: [], slips: [] },
    };
    expect(jobFiles(printed)).toEqual({ badges: [], slips: [], slipsIn: "/tmp/exports" });
    // Once they are written, they are named one by one.
    const slip = exportsFile("/tmp/exports/job-j-0001-pins.pdf");
    const written = { ...printed, files: { badges: [], slips: [slip] } };
    expect(jobFiles(written)).toEqual({ badges: [], slips: [slip], slipsIn: null });
    // A sheet with no slips (no PIN was made) does not point at a folder.
    const noSlips = { ...s, files: { ...s.files, slips: [] } };
    expect(jobFiles(noSlips)).toEqual({ badges: s.files.badges, slips: [], slipsIn: null });
  });

  it("says what happened and for how many days, and which rows are problems", async () => {
    const row = (await status()).rows[0]!;
    const planned = { line: 2, days: null, start: null, expires: null } as unknown as PlannedRow;
    const day = 24 * 60 * 60 * 1000;
    expect(outcomeWords(row)).toBe("Badge created");
    expect(daysWords(row, { ...planned, days: 7 }, 365)).toBe("7");
    expect(daysWords(row, { ...planned, expires: 10 * day }, 365, 0)).toBe("10");
    expect(daysWords(row, planned, 365)).toBe("365");
    expect(daysWords(row, undefined, 365)).toBe("—");
    const failed: RowStatus = { ...row, state: "failed" };
    expect(daysWords(failed, planned, 365)).toBe("—");
    expect(isProblem(failed)).toBe(true);
    expect(isProblem(row)).toBe(false);
    expect(outcomeWords({ ...row, action: "reissue" })).toBe("New badge, PIN reset");
    expect(outcomeWords({ ...row, state: "skipped", action: "skip" })).toBe("Skipped: already has a badge");
  });
});
