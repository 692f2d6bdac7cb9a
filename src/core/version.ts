import { name, version } from '../../package.json';

/** This tool's version, from package.json. */
export const TOOL_VERSION: string = version;

/** How this tool names itself to APIs (the Gr4vy `iss` claim, User-Agent): `payment-api-toolkit/0.1.0`. */
export const TOOL_ID = `${name}/${version}`;
