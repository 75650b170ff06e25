// `import Lab` also gives LabCore's SHA-256, `AtomicFile` and `LabError` (they live below Lab
// so that Plot and the build-time tool share them).
@_exported import LabCore
