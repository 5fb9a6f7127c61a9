using Engram.Conformance;
using Engram.Dreaming.Dreams;
using Npgsql;

namespace Engram.Cli.Tests;

/// <summary>
/// Reads one dream's row (its lease and progress) from the database every few milliseconds, from outside every node,
/// and keeps each reading with the moment it was taken: who held the dream over a run, as the database saw it.
/// </summary>
internal sealed class LeaseSampler : IAsyncDisposable
{
    /// <summary>Between readings: far shorter than a lease, so a holder that held the dream for any real time is seen.</summary>
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(20);

    private readonly NpgsqlDataSource _source;
    private readonly string _dreamId;
    private readonly List<Sample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private LeaseSampler(string connectionString, string dreamId)
    {
        _source = NpgsqlDataSource.Create(connectionString);
        _dreamId = dreamId;
        _sampling = Task.Run(SampleAsync);
    }

    /// <summary>Starts reading <paramref name="dreamId"/>'s row in <paramref name="database"/>.</summary>
    public static LeaseSampler Start(PostgresTestDatabase database, string dreamId) => new(database.ConnectionString, dreamId);

    /// <summary>Waits for the first reading (of all taken so far, then of those to come) that <paramref name="until"/> accepts.</summary>
    public async Task<Sample> WaitForAsync(Func<Sample, bool> until, TimeSpan limit)
    {
        var deadline = DateTimeOffset.UtcNow + limit;
        var seen = 0;
        while (DateTimeOffset.UtcNow < deadline)
        {
            lock (_samples)
            {
                for (; seen < _samples.Count; seen++)
                {
                    if (until(_samples[seen]))
                    {
                        return _samples[seen];
                    }
                }
            }

            if (_sampling.IsCompleted)
            {
                await _sampling; // it failed: say why
            }

            await Task.Delay(Every);
        }

        throw new TimeoutException($"no reading of dream {_dreamId} matched within {limit.TotalSeconds} s; the last: {Last()}");
    }

    /// <summary>A reading taken now (and kept with the others).</summary>
    public async Task<Sample> SampleNowAsync()
    {
        var sample = await ReadAsync(CancellationToken.None);
        lock (_samples)
        {
            _samples.Add(sample);
        }

        return sample;
    }

    /// <summary>Stops reading; every reading, oldest first.</summary>
    public async Task<IReadOnlyList<Sample>> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        lock (_samples)
        {
            return [.. _samples.OrderBy(s => s.At)];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _sampling;
        }
        catch (NpgsqlException)
        {
            // Already reported by WaitForAsync, or the test failed before it looked.
        }

        _stop.Dispose();
        await _source.DisposeAsync();
    }

    private Sample? Last()
    {
        lock (_samples)
        {
            return _samples.Count == 0 ? null : _samples[^1];
        }
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var sample = await ReadAsync(CancellationToken.None);
            lock (_samples)
            {
                _samples.Add(sample);
            }

            try
            {
                await Task.Delay(Every, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<Sample> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(
            "SELECT lease_holder, lease_until, status, stage, sessions_analyzed, sessions_total FROM dreams WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = _dreamId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"no dream {_dreamId}");
        }

        // The moment is taken after the read: whatever it saw was so by then.
        return new Sample(
            DateTimeOffset.UtcNow,
            reader.IsDBNull(0) ? null : reader.GetString(0),
            reader.IsDBNull(1) ? null : new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
            DreamStatusNames.Of((DreamStatus)reader.GetInt32(2)),
            reader.GetString(3),
            reader.GetInt32(4),
            reader.GetInt32(5));
    }

    /// <summary>One reading of the dream's row, and when it was taken.</summary>
    public sealed record Sample(DateTimeOffset At, string? Holder, DateTimeOffset? LeaseUntil, string Status, string Stage, int Analyzed, int Total)
    {
        public override string ToString() =>
            $"{Status}, stage {Stage}, {Analyzed} of {Total} sessions analysed, held by {Holder ?? "no one"}{(LeaseUntil is { } until ? $" until {until:HH:mm:ss.fff}" : "")}";
    }
}
