/** The Cloudflare Worker: the same core behind `fetch(request, env)`. */
import { handleHttp, type HttpEnv } from './transports/http.js';

export default {
  fetch(request: Request, env: HttpEnv): Promise<Response> {
    // fetch must be called unbound in Workers.
    return handleHttp(request, env ?? {}, (url, init) => fetch(url, init));
  },
};
