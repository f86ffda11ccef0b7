// A link from 节约分析 to a hospital's statement at one batch (statement.html?hospital=…&batch=…): the page shows
// the hospital's whole statement as always, scrolls to that batch's sections and marks them. Nothing is
// filtered or hidden: the printed document stays the same whatever the link.

/** Scrolls to the statement sections of `batch` once they are on the page and marks them (`jc-focus`). */
export function focusStatementSections(batch: string | null, {maxFrames = 120} = {}): void {
  if (!batch) return;
  let frames = 0;
  const find = () => {
    const sections = [...document.querySelectorAll("[data-statement]")].filter((e) =>
      (e.getAttribute("data-statement") ?? "").startsWith(`${batch}/`)
    );
    if (!sections.length) {
      if (++frames < maxFrames) requestAnimationFrame(find);
      return;
    }
    for (const section of document.querySelectorAll(".jc-focus")) section.classList.remove("jc-focus");
    for (const section of sections) section.classList.add("jc-focus");
    sections[0]!.scrollIntoView({block: "start"});
  };
  requestAnimationFrame(find);
}
