// The operator's choices for one import, kept by the Bulk wizard across its steps (a failed run
// goes back to the plan with them as they were): plan options, and how the run writes badges.
import { createSignal } from "solid-js";
import type { PlanOptions, RunChoice, Selection, Unusable } from "../generated/bindings";

/** The wizard's choices as signals, and the plan options and run choice they make. */
export function createChoices() {
  const [rotateExisting, setRotateExisting] = createSignal(false);
  // Workers whose method can no longer be used, when Microsoft will not create over it: the
  // operator chooses; "replace" (the old method is deleted) counts only once confirmed.
  const [unusable, setUnusable] = createSignal<Unusable>("ask");
  const [replaceOk, setReplaceOk] = createSignal(false);
  const [by, setBy] = createSignal<Selection["by"]>("department");
  const [value, setValue] = createSignal("");
  const [template, setTemplate] = createSignal("sheet-a4");
  const [printer, setPrinter] = createSignal("");
  const [pdf, setPdf] = createSignal(true);
  // Slips by default: generated PINs are shown nowhere else.
  const [slips, setSlips] = createSignal(true);
  // Slips off with generated PINs: "I will reset these PINs later", ticked by the operator.
  const [noPinRecord, setNoPinRecord] = createSignal(false);
  return {
    rotateExisting,
    setRotateExisting,
    unusable,
    setUnusable,
    replaceOk,
    setReplaceOk,
    by,
    setBy,
    value,
    setValue,
    template,
    setTemplate,
    printer,
    setPrinter,
    pdf,
    setPdf,
    slips,
    setSlips: (on: boolean) => {
      setSlips(on);
      setNoPinRecord(false);
    },
    noPinRecord,
    setNoPinRecord,
    options: (): PlanOptions => ({
      rotateExisting: rotateExisting(),
      unusable: unusable() === "replace" && !replaceOk() ? "ask" : unusable(),
    }),
    runChoice: (): RunChoice => ({
      template: template(),
      printer: printer() || null,
      pdf: pdf(),
      pinSlips: slips(),
      noPinRecord: !slips() && noPinRecord(),
    }),
  };
}

/** The choices of one import. */
export type Choices = ReturnType<typeof createChoices>;
