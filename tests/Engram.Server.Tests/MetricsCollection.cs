namespace Engram.Server.Tests;

/// <summary>
/// The tests that read what a scrape holds run alone. OpenTelemetry binds instruments of the same name from every host
/// in the process to one stream (ASP.NET Core's meters are per host, and so is the server's), and when another test's
/// server stops, that stream ends for this server's scrape too. One server per process, as in production, has no such
/// neighbour.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;
