/** `npm run setup:python`: creates or updates the project's .venv from requirements.txt (see venv.ts). */
import {ensureVenv, venvDir} from "./venv.js";

try {
  ensureVenv((line) => console.error(line));
  console.error(`Python 环境就绪：${venvDir}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
