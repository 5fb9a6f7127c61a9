using Engram.Bench;

// Usage: dotnet run -c Release --project bench/Engram.Bench -- <benchmark> [--seconds N]
// Benchmarks: writes (durable write throughput beside raw fsync+rename and git commit per write),
// http (requests/s and latency over loopback beside the same operations in-process),
// policy (evaluation against 1,000 rules; a 10,000-memory listing filtered by policy beside storage).
var name = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "writes";
var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(double.Parse).FirstOrDefault(5.0);
var duration = TimeSpan.FromSeconds(seconds);

switch (name)
{
    case "writes":
        await WriteThroughput.RunAsync(duration);
        return 0;
    case "http":
        await HttpOverhead.RunAsync(duration);
        return 0;
    case "policy":
        await PolicyCost.RunAsync();
        return 0;
    default:
        Console.Error.WriteLine($"unknown benchmark '{name}'; known: writes, http, policy");
        return 2;
}
