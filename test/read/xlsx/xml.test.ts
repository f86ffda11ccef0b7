import {describe, expect, it} from "vitest";
import {attribute, columnOfRef, decodeEntities, tagEnd} from "../../../pipelines/read/xlsx/xml.js";

describe("xml helpers", () => {
  it("decodes the predefined and numeric entities, leaving unknown or impossible ones as written", () => {
    expect(decodeEntities("&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; &#20013;&#x6587;")).toBe(`<a> & "b" 'c' 中文`);
    expect(decodeEntities("&nbsp; &#x110000; plain")).toBe("&nbsp; &#x110000; plain");
  });

  it("finds a tag's end past quoted '>' and reports an unfinished tag", () => {
    const tag = `<c r="A1" note='x>y' t="s">`;
    expect(tagEnd(tag, 1)).toBe(tag.length - 1);
    expect(tagEnd(`<c r="A1`, 1)).toBe(-1);
  });

  it("reads attributes by exact name, not inside other names or values", () => {
    const tag = `<c ref="Z9" x:r="B2" note="r=&quot;C3&quot;" r='A1' s="7"/>`;
    expect(attribute(tag, 2, tag.length - 2, "r")).toBe("A1");
    expect(attribute(tag, 2, tag.length - 2, "s")).toBe("7");
    expect(attribute(tag, 2, tag.length - 2, "t")).toBeNull();
  });

  it("numbers columns from references", () => {
    expect([columnOfRef("A1"), columnOfRef("Z9"), columnOfRef("AA10"), columnOfRef("XFD1"), columnOfRef("12")]).toEqual(
      [0, 25, 26, 16383, -1]
    );
  });
});
