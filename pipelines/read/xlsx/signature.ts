import {open} from "node:fs/promises";
import {FileError} from "../types.js";

export const corruptMessage = "无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式";

/**
 * Refuses, by its first bytes, a file that cannot be an .xlsx, saying what it is instead: an old binary .xls
 * (or a password-protected workbook, which is the same OLE container), or a web page / XML spreadsheet that a
 * platform exported with an Excel extension.
 */
export async function checkXlsxSignature(file: string): Promise<void> {
  let head: Buffer;
  try {
    const handle = await open(file, "r");
    try {
      head = Buffer.alloc(512);
      const {bytesRead} = await handle.read(head, 0, head.length, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FileError(
      file,
      null,
      code === "ENOENT" ? "找不到文件" : `无法打开文件（${code ?? (error as Error).message}）`
    );
  }
  if (head.length === 0) throw new FileError(file, null, "文件为空（0 字节），不是有效的 .xlsx 文件");
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return; // "PK\3\4": a zip
  if (head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1) {
    throw new FileError(
      file,
      null,
      "这是旧版 .xls 文件（或设置了打开密码的工作簿），请在 Excel 中另存为 .xlsx（不加密码）后再加载"
    );
  }
  const text = head
    .toString("latin1")
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, "")
    .trimStart()
    .toLowerCase();
  if (text.startsWith("<")) {
    throw new FileError(
      file,
      null,
      "这个文件其实是网页（HTML）或 XML 表格，只是扩展名为 Excel；请在 Excel 中打开后另存为 .xlsx 再加载"
    );
  }
  throw new FileError(file, null, corruptMessage);
}
