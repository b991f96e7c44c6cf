using FeatureAspire.Bench.Suite;
using static FeatureAspire.Bench.Report.Invariant;

namespace FeatureAspire.Bench.Report;

/// <summary>
/// "Where the time goes", read off the measurements: each paragraph compares a scenario with its reference by latency
/// and by what FeatureApi spent per request (CPU, syscalls, context switches), so the reader sees the cause, not just
/// the verdict.
/// </summary>
internal static class Diagnosis
{
    public static IEnumerable<string> Read(StoreRun run, int connections)
    {
        var c = connections;
        if (run["extract-c1"] is { } one && run["ceiling-c1"] is { } oneCeiling)
        {
            var added = one.P50Ms - oneCeiling.P50Ms;
            var store = run["store-c1"]?.P50Ms;
            yield return F($"**One connection.** The extract's p50 is {one.P50Ms:0.000} ms against {oneCeiling.P50Ms:0.000} ms for the constant endpoint: {added * 1000:0} µs added, ") +
                (store is { } s ? F($"of which the store's own HMGET round trip is {s * 1000:0} µs (redis-benchmark, 1 client). ") : "") +
                F($"The rest is hand-offs: FeatureApi switches context {one.ApiContextSwitchesPerRequest:0.0} times per extract against {oneCeiling.ApiContextSwitchesPerRequest:0.0} per constant answer ") +
                F($"(Kestrel's socket thread → thread pool → the Redis multiplexer's writer and reader → a continuation back on the pool), and burns {one.ApiCpuMicrosecondsPerRequest:0} µs CPU per extract while mostly waiting ") +
                F($"(ceiling: {oneCeiling.ApiCpuMicrosecondsPerRequest:0} µs), most likely thread-pool workers spinning before they sleep (the .NET default): every hop costs CPU as well as wake-up latency. Fewer hops per request is the lever.");
        }
        if (run[$"extract-c{c}"] is { } many && run[$"ceiling-c{c}"] is { } manyCeiling)
        {
            yield return F($"**{c} connections.** Throughput is bounded by CPU once the machine is saturated ({many.Cpu.MachinePercent:0} % of {many.Cpu.CapacityPercent:0} % here). ") +
                F($"FeatureApi spent {many.ApiCpuMicrosecondsPerRequest:0} µs CPU per extract against {manyCeiling.ApiCpuMicrosecondsPerRequest:0} µs per constant answer, and the store {many.StoreCpuMicrosecondsPerRequest:0} µs; ") +
                F($"the load generator took {many.Cpu.LoadGeneratorPercent:0} % and other processes {many.Cpu.OtherPercent:0} % of the machine. ") +
                F($"Syscalls per extract: {many.ApiSyscallsPerRequest:0.0} reads/writes (ceiling {manyCeiling.ApiSyscallsPerRequest:0.0}); the multiplexer batches Redis writes across requests, so the store adds little per request.");
        }
        if (run[$"extract-c{c}"] is { } extract && run[$"nostore-c{c}"] is { } storeless && run[$"ceiling-c{c}"] is { } ceiling
            && run[$"straight-c{c}"] is { } straight)
        {
            yield return F($"**Splitting the extract at {c} connections.** The same pipeline asked only for features computed from the request ") +
                F($"(no store read) answers {storeless.RequestsPerSecond:N0} req/s at {storeless.ApiCpuMicrosecondsPerRequest:0} µs of FeatureApi CPU each, against the constant endpoint's ") +
                F($"{ceiling.RequestsPerSecond:N0} req/s at {ceiling.ApiCpuMicrosecondsPerRequest:0} µs: body, validation, spans, metrics, compute and answer cost ") +
                F($"{storeless.ApiCpuMicrosecondsPerRequest - ceiling.ApiCpuMicrosecondsPerRequest:0} µs. The store round trip adds {extract.ApiCpuMicrosecondsPerRequest - storeless.ApiCpuMicrosecondsPerRequest:0} µs more ") +
                F($"({extract.RequestsPerSecond:N0} req/s at {extract.ApiCpuMicrosecondsPerRequest:0} µs): the StackExchange.Redis command and reply and the request resumed after its await. ") +
                F($"The straightforward reference pays the same round trip through the same multiplexer ({straight.RequestsPerSecond:N0} req/s at {straight.ApiCpuMicrosecondsPerRequest:0} µs), ") +
                "so the lever on this ratio is the round trip itself, not the pipeline's own work.";
        }
        if (run[$"extract-c{c}"] is { } expressions && run[$"compiled-c{c}"] is { } compiled)
        {
            yield return F($"**Expressions against compiled formulas at {c} connections.** Served from the repository's expressions, the extract answered {expressions.RequestsPerSecond:N0} req/s ") +
                F($"at {expressions.ApiCpuMicrosecondsPerRequest:0} µs of FeatureApi CPU each; the same pipeline with the formulas as C# lambdas {compiled.RequestsPerSecond:N0} req/s at {compiled.ApiCpuMicrosecondsPerRequest:0} µs. ") +
                F($"Only the default set's three formulas differ, so the {expressions.ApiCpuMicrosecondsPerRequest - compiled.ApiCpuMicrosecondsPerRequest:0} µs between them is what evaluating expressions costs, plus noise: ") +
                "a cost the expressions cause shows with the same sign on both generators and at both connection counts; a sign that flips between them is the machine.";
        }
        if (run[$"twoentities-c{c}"] is { } two && run[$"useronly-c{c}"] is { } userOnly)
        {
            yield return F($"**Two entities at {c} connections.** Naming an item beside the user reads a second hash in the same pipelined exchange and computes two more features: ") +
                F($"the store's CPU per extract went from {userOnly.StoreCpuMicrosecondsPerRequest:0} to {two.StoreCpuMicrosecondsPerRequest:0} µs, FeatureApi's from {userOnly.ApiCpuMicrosecondsPerRequest:0} to {two.ApiCpuMicrosecondsPerRequest:0} µs, ") +
                F($"throughput from {userOnly.RequestsPerSecond:N0} to {two.RequestsPerSecond:N0} req/s.");
        }
        if (run["open-1000"] is { } open)
        {
            yield return F($"**Open loop at 1,000 req/s.** p50 {open.P50Ms:0.000} ms, p99 {open.P99Ms:0.000} ms, max {open.Result!.MaxMs:0.000} ms, with the pacer at most {open.Result.PacerLagP99Ms:0.000} ms late (p99). ") +
                F($"At this rate FeatureApi needs only {open.Cpu.ApiPercent:0} % of a core, so the tail is not throughput: it is requests waiting for a core ") +
                F($"(other processes used {open.Cpu.OtherPercent:0} %) and for the {open.ApiContextSwitchesPerRequest:0} context switches per request of threads that had gone to sleep between requests.");
        }
        if (run["batch100-c1"] is { } batch && run["naive100-c1"] is { } naive)
        {
            yield return F($"**Batch of 100.** One pipelined exchange costs {batch.StoreCpuMicrosecondsPerRequest:0} µs of store CPU and {batch.ApiCpuMicrosecondsPerRequest:0} µs of FeatureApi CPU per batch; ") +
                F($"the naive version waits for {2 * 100} sequential round trips ({naive.P50Ms:0.0} ms p50 against {batch.P50Ms:0.000} ms). ") +
                F($"The one-connection p99 of {batch.P99Ms:0.000} ms against a p50 of {batch.P50Ms:0.000} ms is the tail of a busy machine (other processes {batch.Cpu.OtherPercent:0} %).");
        }
        if (run["events1000"] is { } events)
        {
            yield return F($"**Ingestion.** {events.EntitiesPerSecond:N0} events/s: per 1,000-event request FeatureApi spent {events.ApiCpuMicrosecondsPerRequest / 1000:0.0} µs CPU per event ") +
                F($"and the store {events.StoreCpuMicrosecondsPerRequest / 1000:0.0} µs per event; with {events.Cpu.MachinePercent:0} % of the machine busy, that CPU per event is the bound.");
        }
        if (run["live-c1"] is { } live && run["liveoff-c1"] is { } plain)
        {
            yield return F($"**Live aggregates.** Asking for clicks_1h/24h/7d raises the store's CPU per extract from {plain.StoreCpuMicrosecondsPerRequest:0} to {live.StoreCpuMicrosecondsPerRequest:0} µs ") +
                F($"and FeatureApi's from {plain.ApiCpuMicrosecondsPerRequest:0} to {live.ApiCpuMicrosecondsPerRequest:0} µs: every extract reads and parses the tiles of all three windows.");
        }
    }
}
