// First-screen mark, as in qrstation's ui/src/main.tsx: a zero-width space after the first paint.
requestAnimationFrame(() => requestAnimationFrame(() => { document.title = document.title + "\u200b"; }));
