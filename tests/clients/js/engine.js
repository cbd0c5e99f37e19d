// A Streamboard engine child process for the JavaScript SDK suite: `streamboard engine
// --in-memory` on a free 127.0.0.1 port, from $SB_BIN_DIR (set by CTest). start() resolves once
// the engine answers ListTables; stop() signals exactly that PID.
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function binary() {
  const dir = process.env.SB_BIN_DIR;
  if (!dir) throw new Error("SB_BIN_DIR is not set: run this suite through CTest");
  const path = join(dir, "streamboard");
  accessSync(path, constants.X_OK); // throws with the path if missing
  return path;
}

async function answers(endpoint) {
  try {
    const res = await fetch(endpoint + "/", {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "DynamoDB_20120810.ListTables",
      },
      body: "{}",
      signal: AbortSignal.timeout(2000),
    });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

export async function startEngine() {
  const bin = binary();
  const port = await freePort();
  const child = spawn(bin, ["engine", "--host", "127.0.0.1", "--port", String(port), "--in-memory"],
    { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => { output += d; });
  child.stderr.on("data", (d) => { output += d; });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`engine exited ${child.exitCode}: ${output}`);
    if (await answers(endpoint)) {
      return {
        endpoint,
        stop: () => new Promise((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once("exit", () => resolve());
          process.kill(child.pid, "SIGTERM");
        }),
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  process.kill(child.pid, "SIGKILL");
  throw new Error(`engine did not answer within 30 s: ${output}`);
}
