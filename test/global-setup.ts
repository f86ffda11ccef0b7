import {ensureVenv} from "../pipelines/python/venv.js";

/** Before any test: the project's .venv from requirements.txt (installed once; network needed the first time). */
export default function setup(): void {
  ensureVenv((line) => console.error(line));
}
