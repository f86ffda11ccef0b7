import {extname} from "node:path";
import {readCsv} from "./csv.js";
import {readParquet} from "./parquet.js";
import {readXls} from "./xls.js";
import {readXlsx} from "./xlsx.js";
import {FileError, type Reader} from "./types.js";

const readers: Record<string, Reader> = {
  ".csv": readCsv,
  ".txt": readCsv,
  ".tsv": readCsv,
  ".xlsx": readXlsx,
  ".xlsm": readXlsx,
  ".xls": readXls,
  ".parquet": readParquet
};

export const supportedExtensions = Object.keys(readers);

/** The reader for a file, by extension. */
export function readerFor(file: string): Reader {
  const extension = extname(file).toLowerCase();
  const reader = readers[extension];
  if (!reader)
    throw new FileError(
      file,
      null,
      `不支持的文件类型“${extension || "(无扩展名)"}”，可加载：${supportedExtensions.join(" ")}`
    );
  return reader;
}
