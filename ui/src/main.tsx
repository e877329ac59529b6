// Entry point: mounts the app into #root.
import { render } from "solid-js/web";
import "./styles.css";
import "./a11y.css";
import { App } from "./App";
import { tauriBackend } from "./api";
import { loadLocks } from "./locks";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
void loadLocks(); // the organisation's locked values ("Set by your organisation")
render(() => <App backend={tauriBackend} />, root);
// First-screen mark for bench/startup: after the first paint of the mounted app, the window title
// gains a zero-width space (invisible to people, visible to `xprop` from outside the process).
requestAnimationFrame(() =>
  requestAnimationFrame(() => {
    document.title = `${document.title}\u200b`;
  }),
);
