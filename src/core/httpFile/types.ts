/** Something the file asks for that this tool never evaluates or reads, with its 1-based line. */
export interface HttpFileUnsupported {
  line: number;
  /** What it is, then the construct as written (clipped): `runs a shell command: {{$shell rm -rf ~}}`. */
  what: string;
}

/** Something in the file that could not be read as written, with its 1-based line. */
export interface HttpFileProblem {
  line: number;
  message: string;
}

/** One request of a `.http` / `.rest` file, its file variables substituted. */
export interface HttpFileRequest {
  /** From `# @name x` (or `// @name x`, `# @name = x`) above the request, else the text after its `###`. */
  name?: string;
  /** 1-based line of the request line (`GET https://…`). */
  line: number;
  /** 1-based last line of the request's part of the file (the line before the next `###`, or the last line). */
  endLine?: number;
  method: string;
  /** The URL as written, variables substituted. */
  url: string;
  headers: { name: string; value: string }[];
  /** The body as written (variables substituted); undefined when there is none. */
  body?: string;
  /**
   * What the file asks for that this tool never evaluates, with its line: `{{$processEnv HOME}}`,
   * `{{$dotenv X}}`, `{{$shell …}}`, httpYac `{{ js }}` and `@ref`, JetBrains `> {% … %}` handlers,
   * `< ./file` bodies. Such a request is not sent. Includes what a part of the file without a request
   * (httpYac's global part) asks for, since that would apply to every request.
   */
  unsupported: HttpFileUnsupported[];
  /**
   * The problems that make this request differ from what the file says (an undefined `{{x}}` left as
   * written, a header dropped, an unsupported method…), also listed in {@link HttpFile.problems}; the
   * line may be a variable's definition elsewhere in the file. Such a request is not sent.
   * Always set by parseHttpFile.
   */
  problems?: HttpFileProblem[];
}

/** A parsed file: its requests, and what could not be read (with lines). */
export interface HttpFile {
  requests: HttpFileRequest[];
  /** Every problem in the file, each once. */
  problems: HttpFileProblem[];
  /** Every unsupported construct in the file, each once (for diagnostics). Always set by parseHttpFile. */
  unsupported?: HttpFileUnsupported[];
}
