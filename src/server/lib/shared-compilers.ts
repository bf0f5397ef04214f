import Fastify, { type FastifySchemaCompiler, type FastifySerializerCompiler } from "fastify";

/**
 * Ajv's options for the service's body schemas. An operation's body schema refuses a parameter it does
 * not have (additionalProperties: false) instead of dropping it in silence, as readInputs refuses one
 * in the other layers; inputs such as lists accept a text or an array, so union types are meant.
 */
export const AJV_CUSTOM_OPTIONS = Object.freeze({ removeAdditional: false, allowUnionTypes: true });

export interface SharedCompilers {
  readonly validator: FastifySchemaCompiler<unknown>;
  readonly serializer: FastifySerializerCompiler<unknown>;
}

let shared: Promise<SharedCompilers> | undefined;

/**
 * Fastify's own validator and serializer compilers, made once per process and shared by every app it
 * builds, each compiled function kept for its schema object: the operations' schemas are made once
 * (routes/operations.ts), so the second app (every test builds several) compiles none of them again.
 * Compiled per app, they made each build of the service about 0.2 s slower. Taken from a probe app
 * through Fastify's public `validatorCompiler`/`serializerCompiler`, with the service's Ajv options.
 */
export function sharedCompilers(): Promise<SharedCompilers> {
  shared ??= probeCompilers();
  return shared;
}

async function probeCompilers(): Promise<SharedCompilers> {
  const probe = Fastify({ ajv: { customOptions: { ...AJV_CUSTOM_OPTIONS } } });
  probe.post(
    "/",
    { schema: { body: { type: "object" }, response: { 200: { type: "object" } } } },
    async () => ({}),
  );
  await probe.ready();
  const validator = probe.validatorCompiler;
  const serialize = probe.serializerCompiler;
  await probe.close();
  if (validator === undefined || serialize === undefined) {
    throw new Error("Fastify gave no default compilers: the probe app's schemas were not compiled.");
  }
  // Ajv keeps each compiled schema by its object; fast-json-stringify keeps nothing, so this does.
  const serializers = new WeakMap<object, ReturnType<FastifySerializerCompiler<unknown>>>();
  const serializer: FastifySerializerCompiler<unknown> = (route) => {
    const key = route.schema as object;
    const known = serializers.get(key);
    if (known !== undefined) return known;
    const made = serialize(route);
    serializers.set(key, made);
    return made;
  };
  return { validator, serializer };
}
