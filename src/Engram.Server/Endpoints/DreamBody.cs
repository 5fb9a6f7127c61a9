using System.Globalization;
using System.Text.Json;
using Engram.Dreaming.Dreams;
using Engram.Errors;

namespace Engram.Server.Endpoints;

/// <summary>
/// Reads the body of <c>POST /v1/dreams</c>: exactly one <c>memory_store</c> input and one <c>sessions</c> input,
/// <c>model</c> as an id or <c>{id, speed}</c>, optional <c>instructions</c> and <c>output_behavior</c>. The
/// sessions input may list more than the hosted limit of 100 ids and may carry Engram's <c>filter</c>
/// (<c>since</c>, <c>agent</c>, <c>memory_store_id</c>). Every refusal names the field.
/// </summary>
internal static class DreamBody
{
    public static ParsedDream Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidRequestException("body", "must be a JSON object");
        }

        var (storeId, storeIndex, selection, sessionsIndex) = Inputs(body);
        var model = Model(body);
        var instructions = OptionalString(body, "instructions");
        var (behavior, updateStoreId) = OutputBehavior(body);
        return new ParsedDream(new CreateDreamRequest(storeId, selection, model, instructions, behavior, updateStoreId), storeIndex, sessionsIndex);
    }

    /// <summary>
    /// Runs <paramref name="call"/> on the parsed request. The service names input fields as the hosted API orders
    /// them (the store at <c>inputs[0]</c>, the sessions at <c>inputs[1]</c>); a refusal is renamed to the index
    /// this body gave the input.
    /// </summary>
    public static async Task<T> NamingFieldsAsync<T>(this ParsedDream parsed, Func<CreateDreamRequest, Task<T>> call)
    {
        try
        {
            return await call(parsed.Request).ConfigureAwait(false);
        }
        catch (InvalidRequestException error) when (Renamed(error.Field, parsed) is var field && field != error.Field)
        {
            throw new InvalidRequestException(field, error.Rule);
        }
    }

    private static string Renamed(string field, ParsedDream parsed)
    {
        var sessions = $"inputs[{parsed.SessionsIndex}]";
        return field switch
        {
            "inputs[0].memory_store_id" => $"inputs[{parsed.StoreIndex}].memory_store_id",
            "inputs[1]" => sessions,
            _ when field.StartsWith("inputs[1].", StringComparison.Ordinal) => sessions + field["inputs[1]".Length..],
            _ => field,
        };
    }

    private static (string StoreId, int StoreIndex, SessionSelection Selection, int SessionsIndex) Inputs(JsonElement body)
    {
        if (!body.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidRequestException("inputs", "is required: an array with one memory_store entry and one sessions entry");
        }

        string? storeId = null;
        SessionSelection? selection = null;
        int storeIndex = -1, sessionsIndex = -1, index = -1;
        foreach (var input in inputs.EnumerateArray())
        {
            var field = $"inputs[{++index}]";
            var type = input.ValueKind == JsonValueKind.Object ? RequiredString(input, "type", field) : throw new InvalidRequestException(field, "must be an object");
            switch (type)
            {
                case "memory_store" when storeId is null:
                    storeId = RequiredString(input, "memory_store_id", field);
                    storeIndex = index;
                    break;
                case "sessions" when selection is null:
                    selection = Sessions(input, field);
                    sessionsIndex = index;
                    break;
                case "memory_store" or "sessions":
                    throw new InvalidRequestException("inputs", $"must have exactly one {type} entry");
                default:
                    throw new InvalidRequestException($"{field}.type", $"must be memory_store or sessions (got \"{type}\")");
            }
        }

        return (storeId ?? throw new InvalidRequestException("inputs", "must have exactly one memory_store entry"), storeIndex,
            selection ?? throw new InvalidRequestException("inputs", "must have exactly one sessions entry"), sessionsIndex);
    }

    private static SessionSelection Sessions(JsonElement input, string field)
    {
        var ids = new List<string>();
        if (input.TryGetProperty("session_ids", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidRequestException($"{field}.session_ids", "must be an array of session ids");
            }

            var i = 0;
            foreach (var id in list.EnumerateArray())
            {
                var name = $"{field}.session_ids[{i++}]";
                ids.Add(id.ValueKind == JsonValueKind.String ? id.GetString()! : throw new InvalidRequestException(name, "must be a string"));
            }
        }

        DateTimeOffset? since = null;
        string? agent = null, attached = null;
        var filtered = input.TryGetProperty("filter", out var filter) && filter.ValueKind != JsonValueKind.Null;
        if (filtered)
        {
            var name = $"{field}.filter";
            if (filter.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidRequestException(name, "must be an object with since, agent or memory_store_id");
            }

            since = OptionalString(filter, "since", name) is { } text
                ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                    ? at
                    : throw new InvalidRequestException($"{name}.since", $"must be an RFC 3339 time (got \"{text}\")")
                : null;
            agent = OptionalString(filter, "agent", name);
            attached = OptionalString(filter, "memory_store_id", name);
        }

        // A filter object chooses sessions even with none of its fields: {} is every session with a transcript the caller can see.
        // Which ids, and whether any session is chosen at all, the library decides (the same for every face).
        return new SessionSelection(ids, since, agent, attached, All: filtered);
    }

    private static DreamModel Model(JsonElement body)
    {
        if (!body.TryGetProperty("model", out var model) || model.ValueKind == JsonValueKind.Null)
        {
            throw new InvalidRequestException("model", "is required: a model id or {id, speed}");
        }

        return model.ValueKind switch
        {
            JsonValueKind.String => new DreamModel(model.GetString()!),
            JsonValueKind.Object => new DreamModel(RequiredString(model, "id", "model"), OptionalString(model, "speed", "model") ?? "standard"),
            _ => throw new InvalidRequestException("model", "must be a model id or an object {id, speed}"),
        };
    }

    private static (DreamOutputBehavior Behavior, string? StoreId) OutputBehavior(JsonElement body)
    {
        if (!body.TryGetProperty("output_behavior", out var behavior) || behavior.ValueKind == JsonValueKind.Null)
        {
            return (DreamOutputBehavior.CreateNew, null);
        }

        if (behavior.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidRequestException("output_behavior", "must be {type: create_new} or {type: update_existing, memory_store_id}");
        }

        return RequiredString(behavior, "type", "output_behavior") switch
        {
            "create_new" => (DreamOutputBehavior.CreateNew, null),
            "update_existing" => (DreamOutputBehavior.UpdateExisting, RequiredString(behavior, "memory_store_id", "output_behavior")),
            var other => throw new InvalidRequestException("output_behavior.type", $"must be create_new or update_existing (got \"{other}\")"),
        };
    }

    private static string RequiredString(JsonElement owner, string name, string parent) =>
        OptionalString(owner, name, parent) ?? throw new InvalidRequestException($"{parent}.{name}", "is required");

    private static string? OptionalString(JsonElement owner, string name, string? parent = null)
    {
        var field = parent is null ? name : $"{parent}.{name}";
        return !owner.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null
            ? null
            : value.ValueKind == JsonValueKind.String ? value.GetString() : throw new InvalidRequestException(field, "must be a string");
    }
}

/// <summary>A create body read: the request, and where the body put its two inputs (for naming fields in refusals).</summary>
/// <param name="Request">The request for the service.</param>
/// <param name="StoreIndex">The index of the <c>memory_store</c> entry in <c>inputs</c>.</param>
/// <param name="SessionsIndex">The index of the <c>sessions</c> entry in <c>inputs</c>.</param>
internal sealed record ParsedDream(CreateDreamRequest Request, int StoreIndex, int SessionsIndex);
