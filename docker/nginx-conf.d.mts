// Types of docker/nginx-conf.mjs, for the e2e test that runs it.
export function parseHeaders(text: string): { pattern: string; headers: [string, string][] }[];
export function nginxConf(rules: { pattern: string; headers: [string, string][] }[]): string;
