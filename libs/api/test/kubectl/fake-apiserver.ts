import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request body the fake apiserver received: where it was posted and what it carried. */
export interface CapturedBody {
  readonly path: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/** The resources the fake serves: enough discovery for kubectl's `create` commands to find their kind. */
const RESOURCES = {
  "/api/v1": [
    { name: "namespaces", kind: "Namespace", namespaced: false },
    { name: "services", kind: "Service", namespaced: true },
    { name: "configmaps", kind: "ConfigMap", namespaced: true },
    { name: "secrets", kind: "Secret", namespaced: true },
  ],
  "/apis/apps/v1": [{ name: "deployments", kind: "Deployment", namespaced: true }],
  "/apis/batch/v1": [{ name: "jobs", kind: "Job", namespaced: true }],
} as const;

type Listing = keyof typeof RESOURCES;

/** A running fake apiserver: its URL, the bodies posted to it, and how to stop it. */
export interface FakeApiServer {
  readonly url: string;
  readonly bodies: CapturedBody[];
  close(): Promise<void>;
}

/**
 * Starts a minimal Kubernetes API on 127.0.0.1 (a free port): /version (minor "32", so the gcloud
 * kubectl dispatcher runs its built-in 1.32 client), legacy discovery for a few resources, and POST of
 * those resources, which records the body and answers 201 with a bare object of the posted kind.
 */
export async function startFakeApiServer(): Promise<FakeApiServer> {
  const bodies: CapturedBody[] = [];
  const server = createServer((req, res) => {
    handle(req, res, bodies).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, bodies, close: () => closeServer(server) };
}

/** A JSON answer: status code and body. */
interface Answer {
  readonly code: number;
  readonly body: unknown;
}

const NOT_FOUND: Answer = {
  code: 404,
  body: { kind: "Status", apiVersion: "v1", status: "Failure", code: 404 },
};

async function handle(req: IncomingMessage, res: ServerResponse, bodies: CapturedBody[]): Promise<void> {
  const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
  const answer = req.method === "GET" ? answerGet(path) : await answerPost(req, path, bodies);
  res.writeHead(answer.code, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
}

async function answerPost(req: IncomingMessage, path: string, bodies: CapturedBody[]): Promise<Answer> {
  const posted = req.method === "POST" ? postedKind(path) : undefined;
  if (posted === undefined) return NOT_FOUND;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  bodies.push({ path, contentType: req.headers["content-type"] ?? "", body: Buffer.concat(chunks) });
  return { code: 201, body: { ...posted, metadata: { name: "created" } } };
}

function answerGet(path: string): Answer {
  if (path === "/version") {
    return { code: 200, body: { major: "1", minor: "32", gitVersion: "v1.32.0", platform: "linux/amd64" } };
  }
  if (path === "/api") return { code: 200, body: { kind: "APIVersions", versions: ["v1"] } };
  if (path === "/apis") {
    const groups = ["apps", "batch"].map((name) => {
      const version = { groupVersion: `${name}/v1`, version: "v1" };
      return { name, versions: [version], preferredVersion: version };
    });
    return { code: 200, body: { kind: "APIGroupList", apiVersion: "v1", groups } };
  }
  if (!(path in RESOURCES)) return NOT_FOUND;
  const listing = path as Listing;
  const resources = RESOURCES[listing].map((r) => ({
    ...r,
    singularName: r.kind.toLowerCase(),
    verbs: ["create", "get", "list"],
  }));
  const groupVersion = listing.replace(/^\/apis?\//, "");
  return { code: 200, body: { kind: "APIResourceList", apiVersion: "v1", groupVersion, resources } };
}

/** The apiVersion and kind of a collection path (`/apis/apps/v1/namespaces/default/deployments`). */
function postedKind(path: string): { apiVersion: string; kind: string } | undefined {
  for (const [listing, resources] of Object.entries(RESOURCES)) {
    for (const r of resources) {
      const collection = r.namespaced
        ? new RegExp(`^${listing}/namespaces/[^/]+/${r.name}$`)
        : new RegExp(`^${listing}/${r.name}$`);
      if (collection.test(path)) return { apiVersion: listing.replace(/^\/apis?\//, ""), kind: r.kind };
    }
  }
  return undefined;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
