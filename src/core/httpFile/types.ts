/** One request of a `.http` / `.rest` file, its file variables substituted. */
export interface HttpFileRequest {
  /** From `# @name x` (or `// @name x`) above the request. */
  name?: string;
  /** 1-based line of the request line (`GET https://…`). */
  line: number;
  method: string;
  /** The URL as written, variables substituted. */
  url: string;
  headers: { name: string; value: string }[];
  /** The body as written (variables substituted); undefined when there is none. */
  body?: string;
  /**
   * What the file asks for that this tool never evaluates, with its line: `{{$processEnv HOME}}`,
   * `{{$dotenv X}}`, `{{$shell …}}`, httpYac `{{ js }}` and `@ref`, JetBrains `> {% … %}` handlers,
   * `< ./file` bodies. Such a request is not sent.
   */
  unsupported: { line: number; what: string }[];
}

/** A parsed file: its requests, and what could not be read (with lines). */
export interface HttpFile {
  requests: HttpFileRequest[];
  problems: { line: number; message: string }[];
}
