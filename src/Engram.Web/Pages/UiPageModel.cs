using Engram.Access;
using Engram.Errors;
using Engram.Web.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Engram.Web.Pages;

/// <summary>
/// The base of every signed-in page: the caller (re-authenticated for this request), and forms whose refusals are
/// shown on the form. Errors a handler does not catch become error pages (<see cref="UiErrors"/>): not found
/// (the same for missing and hidden), not allowed, conflict.
/// </summary>
internal abstract class UiPageModel : PageModel
{
    /// <summary>Who this request acts as: every library call takes it.</summary>
    protected Caller Caller => UiRequest.CallerOrNull(HttpContext) ?? throw new AuthenticationFailedException("sign in to go on");

    /// <summary>Ends with the request.</summary>
    protected CancellationToken Aborted => HttpContext.RequestAborted;

    /// <summary>
    /// Runs a form's action. A refusal that names a field (<see cref="InvalidRequestException"/>) is shown at that
    /// form field (400); a conflict, a stale state or a permission refusal is shown above the form (409, 403). Then
    /// <paramref name="reload"/> reads the page again and it is shown with the form as it was sent.
    /// </summary>
    /// <param name="action">What the form does; its result when it succeeds (a redirect).</param>
    /// <param name="reload">Reads what the page shows again, after a refusal.</param>
    /// <param name="fields">Library field names to form field names, where they differ.</param>
    protected async Task<IActionResult> FormAsync(Func<Task<IActionResult>> action, Func<Task> reload, IReadOnlyDictionary<string, string>? fields = null)
    {
        int status;
        try
        {
            return await action();
        }
        catch (InvalidRequestException invalid)
        {
            var field = fields is not null && fields.TryGetValue(invalid.Field, out var named) ? named : invalid.Field;
            ModelState.AddModelError(field, $"{field}: {invalid.Rule}");
            status = 400;
        }
        catch (EngramException refused) when (refused.Type is ErrorType.Conflict or ErrorType.PreconditionFailed or ErrorType.PathConflict
            or ErrorType.Permission or ErrorType.TooLarge or ErrorType.InvalidRequest)
        {
            // InvalidRequest here is a state the form cannot fix field by field, such as a proposal decided meanwhile.
            ModelState.AddModelError("", refused.Message);
            status = refused.Type switch { ErrorType.Permission => 403, ErrorType.TooLarge => 413, _ => 409 };
        }

        await reload();
        var page = Page();
        page.StatusCode = status;
        return page;
    }
}
