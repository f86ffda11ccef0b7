import {extname} from "node:path";
import {readCsv} from "./csv.js";
import {readParquet} from "./parquet.js";
import {readXlsx} from "./xlsx.js";
import {FileError, type Reader} from "./types.js";

const readers: Record<string, Reader> = {
  ".csv": readCsv,
  ".txt": readCsv,
  ".tsv": readCsv,
  ".xlsx": readXlsx,
  ".xlsm": readXlsx,
  ".parquet": readParquet
};

export const supportedExtensions = Object.keys(readers);

/** The reader for a file, by extension. */
export function readerFor(file: string): Reader {
  const extension = extname(file).toLowerCase();
  if (extension === ".xls") {
    throw new FileError(file, null, "这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再加载");
  }
  const reader = readers[extension];
  if (!reader)
    throw new FileError(
      file,
      null,
      `不支持的文件类型“${extension || "(无扩展名)"}”，可加载：${supportedExtensions.join(" ")}`
    );
  return reader;
}
