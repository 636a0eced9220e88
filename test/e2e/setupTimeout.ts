// Jest does not apply `testTimeout` from a project entry, so e2e files get theirs here: real n8n
// activations, 20 publish cycles and the first provisioning of n8n take minutes, not seconds.
jest.setTimeout(600_000);
