import {createHash} from "node:crypto";
import {constants} from "node:fs";
import {open} from "node:fs/promises";
import {FileError} from "../read/types.js";

/**
 * SHA-256 of a file's bytes, streamed. The file is opened without blocking and must be a regular file: a named
 * pipe put in its place after the folder was listed would otherwise make the load wait forever.
 */
export async function sha256File(file: string): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) {
      throw new FileError(file, null, "这不是普通文件（命名管道、套接字或设备），无法载入：请放入真正的数据文件");
    }
    const hash = createHash("sha256");
    for await (const chunk of handle.createReadStream({highWaterMark: 4 * 1024 * 1024, autoClose: false}))
      hash.update(chunk as Buffer);
    return hash.digest("hex");
  } finally {
    await handle.close();
  }
}
