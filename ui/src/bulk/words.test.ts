// Bulk import words: what happened to a row, its days, and the job's files named.
import { describe, expect, it } from "vitest";
import type { JobStatus, PlannedRow, RowStatus } from "../generated/bindings";
import { fakeBulk } from "../fakeBackend.test-util";
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
      badges: ["/tmp/exports/badges-0001.pdf"],
      slips: ["/tmp/exports/badges-0001-pins.pdf"],
      slipsIn: null,
    });
    const printed = {
      ...s,
      job: { ...s.job, options: { ...s.job.options, pinSlipsDir: "/tmp/exports" } },
      rows: s.rows.map((r) => ({ ...r, output: null, state: "printed" as const })),
    };
    expect(jobFiles(printed)).toEqual({ badges: [], slips: [], slipsIn: "/tmp/exports" });
    const noSlips = { ...s, job: { ...s.job, options: { ...s.job.options, pinSlips: false } } };
    expect(jobFiles(noSlips).slips).toEqual([]);
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
