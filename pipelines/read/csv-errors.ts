import {describeSystemError} from "../warehouse/duckdb-errors.js";
import {FileError} from "./types.js";

/**
 * Refuses, by its first bytes, a file with a text extension that is really a workbook, a Parquet file or
 * other binary data, saying what it is.
 */
export function refuseBinary(file: string, head: Buffer): void {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) {
    throw new FileError(
      file,
      null,
      "这是 Excel 工作簿（.xlsx）或 zip 压缩包，不是文本文件：如果是工作簿，请把扩展名改为 .xlsx 后再加载"
    );
  }
  if (head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1) {
    throw new FileError(file, null, "这是旧版 Excel 工作簿（.xls），不是文本文件：请把扩展名改为 .xls 后再加载");
  }
  if (head.length >= 4 && head.toString("latin1", 0, 4) === "PAR1") {
    throw new FileError(file, null, "这是 Parquet 文件，不是文本文件：请把扩展名改为 .parquet 后再加载");
  }
  const sample = head.subarray(0, 64 * 1024);
  let control = 0;
  for (const b of sample) if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  if (sample.length >= 64 && control > sample.length * 0.1) {
    throw new FileError(
      file,
      null,
      "这不是文本文件（含有大量二进制字节）：请确认文件类型，CSV 应是用逗号或制表符分隔的文本"
    );
  }
}

/**
 * DuckDB's CSV parser errors as one Chinese sentence naming the line: what is wrong with the file and what to
 * check. DuckDB's own English text never reaches the user, not even for an error not known here.
 */
export function describeCsvError(message: string, width: number): string {
  const line = /CSV Error on Line: (\d+)/i.exec(message)?.[1];
  const where = line ? `第 ${line} 行` : "文件中";
  if (/unterminated quote/i.test(message)) {
    return `${where}的引号（"）没有闭合，从这一行起无法正确分列：请检查该行，值中的引号应写成两个（""）`;
  }
  if (/Expected Number of Columns/i.test(message)) {
    return `${where}的列数多于前面的行（超过 ${width} 列）：可能某个值中含有没有加引号的逗号或分隔符，请检查该行`;
  }
  if (/Maximum line size/i.test(message)) {
    return `${where}太长，超出单行上限：文件可能不是 CSV，或某个值中的引号、换行有误`;
  }
  if (/Invalid unicode/i.test(message)) {
    return `${where}含有无法解码的字节：文件可能已损坏，或混入了其他编码的内容`;
  }
  if (/state machine reached an invalid state/i.test(message)) {
    return `${where}有不符合 CSV 格式的内容（引号、换行或分隔符混乱），无法分列：请用 Excel 打开后另存为“CSV UTF-8”再加载`;
  }
  // Not the file's fault: memory or disk ran out while reading it.
  const system = describeSystemError(message);
  if (system) return system;
  return `无法按 CSV 格式读取${line ? `第 ${line} 行` : "文件"}：请检查${line ? "该行" : "文件"}的引号、换行和分隔符，或用 Excel 打开后另存为“CSV UTF-8”再加载`;
}
