// Entry point: mounts the app into #root.
import { render } from "solid-js/web";
import "./styles.css";
import { App } from "./App";
import { tauriBackend } from "./api";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
render(() => <App backend={tauriBackend} />, root);
