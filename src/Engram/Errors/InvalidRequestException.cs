namespace Engram.Errors;

/// <summary>A request that breaks a rule of the contract. The message names the field and the rule.</summary>
public sealed class InvalidRequestException : EngramException
{
    /// <summary>Creates the failure for <paramref name="field"/> breaking <paramref name="rule"/>.</summary>
    public InvalidRequestException(string field, string rule)
        : base(ErrorType.InvalidRequest, "invalid_request_error", $"{field}: {rule}", ErrorCodes.InvalidField)
    {
        Field = field;
        Rule = rule;
    }

    /// <summary>The rule broken, without the field: what to say when the same rule is reported under another name.</summary>
    public string Rule { get; }

    /// <summary>The request field that broke the rule.</summary>
    public string Field { get; }
}
