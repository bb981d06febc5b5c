// The /graphql body limit, replacing yoga's built-in one. Yoga pipes *every* body through a
// TransformStream (a Node stream pipeline and an AbortController per request, ~15% of a read's
// CPU); Node's HTTP parser never delivers more than Content-Length bytes, so a body that declares
// its length needs only the header check, and only chunked bodies are counted as they stream.
import { createGraphQLError } from '@graphql-tools/utils';
import type { Plugin } from 'graphql-yoga';

const CONTENT_LENGTH = /^\d+$/;

const tooLarge = () => createGraphQLError('Request body too large', { extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' } });
const badLength = () => createGraphQLError('Content-Length header is invalid.', { extensions: { http: { status: 400 }, code: 'BAD_REQUEST' } });

/** Counts a streamed body's bytes, failing it past `limit`. */
function limitStream(request: Request, limit: number, fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream }): Request {
  let bytes = 0;
  // yoga#4583: a native body stream needs the native TransformStream.
  const Transform = request.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  const body = request.body!.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > limit) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, signal: request.signal, body, duplex: 'half' } as RequestInit);
}

/** Same answers as yoga's `maxRequestBodySize` (413 / 400); use with `maxRequestBodySize: false`. */
export function useBodyLimit(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared != null) {
        if (!CONTENT_LENGTH.test(declared)) throw badLength();
        if (Number(declared) > limit) throw tooLarge();
        return;
      }
      if (requestParser == null || request.body == null) return;
      const parse = requestParser;
      setRequestParser((req) => parse(limitStream(req, limit, fetchAPI)));
    },
  };
}
