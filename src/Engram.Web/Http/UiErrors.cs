using Engram.Errors;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Logging;

namespace Engram.Web.Http;

/// <summary>
/// Turns what a page handler throws into an error page with its status (404 concealment, 403, 409, and a 500 that
/// names only the request id), and a refused antiforgery check into a 400 page that changes nothing.
/// </summary>
internal sealed partial class UiErrors(ILogger<UiErrors> logger) : IAsyncPageFilter, IAlwaysRunResultFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is null || executed.ExceptionHandled || executed.Exception is OperationCanceledException && context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        if (executed.Exception is EngramException error)
        {
            executed.Result = UiProblem.Result(context.HttpContext, error);
        }
        else
        {
            Unhandled(logger, executed.Exception, context.HttpContext.Request.Method, context.ActionDescriptor.ViewEnginePath);
            executed.Result = UiProblem.Result(context.HttpContext, UiProblem.Internal(context.HttpContext.TraceIdentifier));
        }

        executed.ExceptionHandled = true;
    }

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
        {
            context.Result = UiProblem.Result(context.HttpContext, new UiProblem(400, "The form could not be checked",
                "It was not sent from this page, or it expired. Nothing was changed; reload the page and try again."));
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "unhandled UI {Method} {Page}")]
    private static partial void Unhandled(ILogger logger, Exception error, string method, string page);
}
