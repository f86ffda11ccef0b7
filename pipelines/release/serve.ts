import {spawn} from "node:child_process";
import {createServer, type Server} from "node:http";
import send from "send";

export interface SiteServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the built site (a folder of static files) on 127.0.0.1 only: a person views it on this computer. Staff on
 * other computers go through the bureau's web server with authentication (docs/operations.md), never through this.
 * `send` is the file server Observable Framework's own preview uses.
 */
export async function serveSite(root: string, port: number): Promise<SiteServer> {
  const server: Server = createServer((request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, {allow: "GET, HEAD"}).end();
      return;
    }
    const pathname = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    send(request, pathname, {root, index: ["index.html"], dotfiles: "deny"})
      .on("error", (error: {status?: number}) => {
        response.writeHead(error.status ?? 500, {"content-type": "text/plain; charset=utf-8"});
        response.end(error.status === 404 ? "找不到该页面" : "读取文件出错");
      })
      .pipe(response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`端口 ${port} 已被占用：关闭占用它的程序，或加 --port 其他端口号（如 --port 8080）重新运行`)
          : error
      )
    );
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address();
  const actualPort = address && typeof address === "object" ? address.port : port;
  return {
    url: `http://127.0.0.1:${actualPort}/`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })
  };
}

/** Opens `url` in the default browser where there is a desktop; a headless server just prints the address. */
export function openInBrowser(url: string): void {
  const [command, args] = process.platform === "win32" ? ["explorer.exe", [url]] : ["xdg-open", [url]];
  const child = spawn(command, args, {detached: true, stdio: "ignore"});
  child.on("error", () => {});
  child.unref();
}
