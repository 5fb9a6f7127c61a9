using Engram.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection;

namespace Engram.Web.Http;

/// <summary>
/// An error page: its status, a title and what to say. Not found says the same whether the thing is missing or
/// hidden from the caller, and never repeats the id it was asked for.
/// </summary>
internal sealed record UiProblem(int Status, string Title, string Detail)
{
    /// <summary>The page for a library failure.</summary>
    public static UiProblem For(EngramException error, string requestId) => error.Type switch
    {
        ErrorType.NotFound => new(404, "Not found", "There is nothing here, or nothing you may see."),
        ErrorType.Permission => new(403, "Not allowed", error.Message),
        ErrorType.Authentication => new(401, "Signed out", "Sign in again to go on."),
        ErrorType.InvalidRequest => new(400, "That request was not valid", error.Message),
        ErrorType.TooLarge => new(413, "Too large", error.Message),
        ErrorType.RateLimit => new(429, "Too many requests", error.Message),
        ErrorType.PreconditionFailed or ErrorType.PathConflict or ErrorType.Conflict => new(409, "It changed meanwhile", error.Message),
        ErrorType.Unavailable => new(503, "Unavailable", error.Message),
        _ => Internal(requestId),
    };

    /// <summary>An unexpected failure: no internals, the request id to find it in the log.</summary>
    public static UiProblem Internal(string requestId) => new(500, "Something went wrong", $"The server could not do that (request {requestId}). It has been logged.");

    internal static IActionResult Result(HttpContext context, EngramException error) => Result(context, For(error, context.TraceIdentifier));

    internal static IActionResult Result(HttpContext context, UiProblem problem)
    {
        var metadata = context.RequestServices.GetRequiredService<IModelMetadataProvider>();
        return new ViewResult
        {
            ViewName = "/Pages/Shared/_Problem.cshtml",
            StatusCode = problem.Status,
            ViewData = new ViewDataDictionary<UiProblem>(metadata, new ModelStateDictionary()) { Model = problem },
        };
    }
}
