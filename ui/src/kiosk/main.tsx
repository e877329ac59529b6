// The kiosk window's entry point: mounts the kiosk screens into #root (a separate bundle from
// the manager window's, so the kiosk loads none of the manager's code).
import { render } from "solid-js/web";
import "./kiosk.css";
import "../a11y.css";
import { Kiosk } from "./Kiosk";
import { tauriKioskBackend } from "./api";

const root = document.getElementById("root");
if (!root) throw new Error("kiosk.html has no #root element");
render(() => <Kiosk backend={tauriKioskBackend} />, root);
