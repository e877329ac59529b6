// Station home: a search box that has focus, typeahead on every keystroke (cache first, then
// Graph), keyboard navigation, recent users below, and the chosen user's card beside it.
import {
  createEffect,
  createMemo,
  createResource,
  createSignal,
  For,
  on,
  onMount,
  Show,
  type Component,
} from "solid-js";
import { toErrorPayload, type Backend } from "./api";
import { ago } from "./format";
import { ErrorDetails } from "./ErrorDetails";
import type { SearchHit, SearchResult, UserSummary } from "./generated/bindings";
import { Activity } from "./Activity";
import { Policy } from "./Policy";
import { Bulk } from "./Bulk";
import { Printers } from "./Printers";
import { Renewals } from "./Renewals";
import { UserPanel } from "./UserPanel";

export const Station: Component<{
  backend: Backend;
  /** The store chosen in the header (`null`: as signed in); a change asks again. */
  store?: string | null;
}> = (props) => {
  let input!: HTMLInputElement;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const [query, setQuery] = createSignal("");
  const [active, setActive] = createSignal(0);
  const [chosen, setChosen] = createSignal<string | null>(null);
  const [tab, setTab] = createSignal<"workers" | "import" | "renewals" | "printers" | "activity" | "policy">(
    "workers",
  );
  const importOpened = createMemo<boolean>((seen) => seen || tab() === "import", false);
  const renewalsOpened = createMemo<boolean>((seen) => seen || tab() === "renewals", false);
  // The cache's hits for the query being asked, shown while Graph answers.
  const [early, setEarly] = createSignal<{ q: string; store: string | null; r: SearchResult } | null>(null);
  const store = () => props.store ?? null;
  // Another store: nothing found in the last one stays on screen, nor its person's card.
  createEffect(
    on(
      store,
      () => {
        setEarly(null);
        setChosen(null);
        setActive(0);
      },
      { defer: true },
    ),
  );
  const asked = () => ({ q: query(), store: store() });
  type Answer = SearchResult & { store: string | null };
  const [results] = createResource(asked, async ({ q, store: at }): Promise<Answer> => {
    const answer = (r: SearchResult): Answer => ({ ...r, store: at });
    if (q.trim() === "") {
      const recent = await props.backend.recentUsers();
      return answer({
        hits: recent.map((u): SearchHit => ({
          user: u,
          cachedAt: u.lastSeen,
          inGraph: false,
          ...(u.hasMethod === null ? {} : { hasBadge: u.hasMethod }),
          ...(u.usable === null ? {} : { badgeUsable: u.usable }),
          ...(u.standardExpires === null ? {} : { badgeExpires: u.standardExpires }),
          ...(u.temporaryExpires === null ? {} : { temporaryExpires: u.temporaryExpires }),
        })),
        graphUnavailable: null,
      });
    }
    const r = await props.backend.searchUsers(
      q,
      (r) => query() === q && store() === at && setEarly({ q, store: at, r }),
    );
    return answer(r);
  });
  const hits = () => {
    if (results.state === "ready") return results.latest.hits;
    const e = early();
    if (e && e.q === query() && e.store === store()) return e.r.hits;
    return results.state === "refreshing" && results.latest.store === store() ? results.latest.hits : [];
  };
  // "5 of 37 — keep typing" when Graph counted more matches than are listed.
  const countLine = () => {
    if (results.state !== "ready" || !query().trim()) return null;
    const total = results.latest.total;
    const shown = results.latest.hits.length;
    if (total === undefined || total <= shown) return null;
    return `${shown} of ${total} — keep typing`;
  };
  const error = () => (results.state === "errored" ? toErrorPayload(results.error) : null);
  const pick = (u: UserSummary | undefined) => u && setChosen(u.upn);
  onMount(() => input.focus());

  const onKey = (e: KeyboardEvent) => {
    const n = hits().length;
    if (e.key === "ArrowDown" && n) {
      setActive((active() + 1) % n);
      e.preventDefault();
    }
    if (e.key === "ArrowUp" && n) {
      setActive((active() - 1 + n) % n);
      e.preventDefault();
    }
    if (e.key === "Enter") pick(hits()[active()]?.user);
    if (e.key === "Escape") {
      setQuery("");
      input.value = "";
    }
  };

  return (
    <>
      <nav class="tabs" aria-label="Station">
        <button
          type="button"
          classList={{ tab: true, current: tab() === "workers" }}
          onClick={() => setTab("workers")}
        >
          Workers
        </button>
        <button
          type="button"
          classList={{ tab: true, current: tab() === "import" }}
          data-testid="tab-import"
          onClick={() => setTab("import")}
        >
          Import
        </button>
        <button
          type="button"
          classList={{ tab: true, current: tab() === "renewals" }}
          data-testid="tab-renewals"
          onClick={() => setTab("renewals")}
        >
          Renewals
        </button>
        <button
          type="button"
          classList={{ tab: true, current: tab() === "printers" }}
          data-testid="tab-printers"
          onClick={() => setTab("printers")}
        >
          Printers
        </button>
        <button
          type="button"
          classList={{ tab: true, current: tab() === "activity" }}
          data-testid="tab-activity"
          onClick={() => setTab("activity")}
        >
          Activity
        </button>
        <button
          type="button"
          classList={{ tab: true, current: tab() === "policy" }}
          data-testid="tab-policy"
          onClick={() => setTab("policy")}
        >
          Policy
        </button>
      </nav>
      <Show when={tab() === "activity"}>
        <Activity backend={props.backend} />
      </Show>
      <Show when={tab() === "policy"}>
        <Policy backend={props.backend} />
      </Show>
      {/* Once opened, the Import tab stays mounted (hidden when another tab is shown), so a
        job that is running keeps its progress and stays reachable. */}
      <Show when={importOpened()}>
        <div hidden={tab() !== "import"}>
          <Bulk backend={props.backend} />
        </div>
      </Show>
      {/* The Renewals tab too: a renewal job keeps running while another tab is looked at. */}
      <Show when={renewalsOpened()}>
        <div hidden={tab() !== "renewals"}>
          <Renewals backend={props.backend} />
        </div>
      </Show>
      <Show when={tab() === "printers"}>
        <Printers backend={props.backend} />
      </Show>
      <div class="station" hidden={tab() !== "workers"}>
        <section class="finder" aria-label="Find a worker">
          <input
            ref={input}
            class="search"
            type="search"
            data-testid="search"
            placeholder="Find a worker by name or email"
            aria-label="Find a worker by name or email"
            aria-controls="results"
            onInput={(e) => {
              const value = e.currentTarget.value;
              clearTimeout(timer);
              // Graph is asked once typing pauses (150 ms), not on every keystroke: fewer 429s.
              timer = setTimeout(
                () => {
                  setQuery(value);
                  setActive(0);
                },
                value.trim() === "" ? 0 : 150,
              );
            }}
            onKeyDown={onKey}
          />
          <Show when={results.state === "ready" ? results.latest.graphUnavailable : null}>
            {(why) => (
              <p class="warn">
                Microsoft Graph is not reachable, so only workers you looked up before are shown.
                <details class="support-details">
                  <summary>Details for support</summary>
                  {why()}
                </details>
              </p>
            )}
          </Show>
          <Show when={error()}>
            {(e) => (
              <div class="error" role="alert">
                <ErrorDetails error={e()} />
              </div>
            )}
          </Show>
          <h2 class="list-title">{query().trim() ? "Matches" : "Recent"}</h2>
          <Show when={countLine()}>
            {(line) => (
              <p class="count-line" data-testid="result-count">
                {line()}
              </p>
            )}
          </Show>
          <ul id="results" class="results" role="listbox" aria-label="Workers" data-testid="results">
            <For
              each={hits()}
              fallback={
                <li class="empty" role="option" aria-disabled="true" aria-selected="false">
                  {results.loading
                    ? "Looking…"
                    : query().trim()
                      ? "No one found. Search by name, e-mail or store number."
                      : "No recent workers yet."}
                </li>
              }
            >
              {(hit, i) => (
                <li
                  role="option"
                  aria-selected={i() === active()}
                  classList={{ active: i() === active(), chosen: chosen() === hit.user.upn }}
                  data-testid="result"
                  onClick={() => pick(hit.user)}
                >
                  <span class="who">{hit.user.displayName}</span>
                  <span class="upn">{hit.user.upn}</span>
                  <span class="where">
                    {hit.user.officeLocation ?? ""}
                    {hit.inGraph || hit.cachedAt === null ? "" : ` · saved ${ago(hit.cachedAt, Date.now())}`}
                  </span>
                  <span class="badge-hint" data-testid="badge-hint">
                    {badgeHint(hit)}
                  </span>
                </li>
              )}
            </For>
          </ul>
        </section>
        {/* Keyed: another worker gets a fresh panel, never the last one's pending action or dialog. */}
        <Show
          when={chosen()}
          keyed
          fallback={<section class="panel placeholder">Pick a worker to see their QR code and PIN.</section>}
        >
          {(upn) => <UserPanel backend={props.backend} upn={upn} />}
        </Show>
      </div>
    </>
  );
};

/** What the signed-in person last saw of a result's badge, in words (no Graph call per result). */
export function badgeHint(hit: SearchHit, now = Date.now()): string {
  if (hit.hasBadge === undefined || hit.hasBadge === null) return "Badge: open to check";
  if (!hit.hasBadge) return "No badge";
  const until = hit.temporaryExpires ?? hit.badgeExpires;
  if (hit.badgeUsable === false) return "Badge expired";
  if (until === undefined || until === null) return "Has a badge";
  const date = new Date(until).toLocaleDateString(undefined, {
    day: "numeric",
    month: "short",
    year: "numeric",
  });
  const soon = until - now < 14 * 24 * 3_600_000;
  return `${soon ? "Badge expires soon" : "Badge until"} ${date}`;
}
