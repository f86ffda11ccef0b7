import {createHash} from "node:crypto";
import {createReadStream} from "node:fs";

/** SHA-256 of a file's bytes, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, {highWaterMark: 4 * 1024 * 1024})) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
