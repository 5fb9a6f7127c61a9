namespace Engram.Storage;

/// <summary>
/// A backend's tables as plain rows, for moving a deployment from one backend to another (<c>engram migrate
/// --from-data DIR --to-postgres CS</c>): every table that holds data of record, in an order where a row's
/// references come before it, each read in its key's order. Values are <see cref="long"/>, <see cref="double"/>,
/// <see cref="string"/>, <see cref="byte"/> arrays or null, so both sides compute the same <see cref="TableChecksum"/>.
/// </summary>
internal interface ITableSource : IAsyncDisposable
{
    /// <summary>The tables to copy, in dependency order.</summary>
    IReadOnlyList<SourceTable> Tables { get; }

    /// <summary>Every row of <paramref name="table"/>, in key order, with values in <see cref="SourceTable.Columns"/> order.</summary>
    IAsyncEnumerable<object?[]> ReadAsync(SourceTable table, CancellationToken cancellationToken);
}

/// <summary>A table to copy: its name, its columns, and the columns of its primary key (a prefix of nothing in particular).</summary>
internal sealed record SourceTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string> Key);
