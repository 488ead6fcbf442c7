using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Madoguchi.Server.Infrastructure;

public static class ErrorHandlingExtensions
{
    public static void AddErrorHandling(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions.Remove("exception");
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
        });
        builder.Services.AddExceptionHandler<UnexpectedExceptionHandler>();
        builder.Services.Configure<FormOptions>(o =>
        {
            o.MultipartBodyLengthLimit = 120L * 1024 * 1024;
            o.ValueCountLimit = 4096;
        });
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = 30L * 1024 * 1024);
    }

    public static void UseErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
    }

    public static void MapHealth(this WebApplication app)
    {
        // Liveness says the process answers; readiness also needs the database.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).ExcludeFromDescription();
    }
}

/// <summary>The one place unexpected failures land: logged with the trace id, answered without internals.</summary>
internal sealed class UnexpectedExceptionHandler(IProblemDetailsService problems, ILogger<UnexpectedExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var status = exception switch
        {
            Microsoft.AspNetCore.Http.BadHttpRequestException bad => bad.StatusCode,

            // Form limits (value count, multipart section sizes) are the client's fault, not ours.
            InvalidDataException => StatusCodes.Status400BadRequest,
            Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException or System.Data.Common.DbException or TimeoutException => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status500InternalServerError,
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled failure on {Method} {Path} ({TraceId})", httpContext.Request.Method, httpContext.Request.Path.Value, httpContext.TraceIdentifier);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = status switch
                {
                    413 => "リクエストが大きすぎます。 / The request is too large.",
                    503 => "一時的に処理できません。しばらくして再度お試しください。 / Temporarily unavailable; please try again shortly.",
                    >= 500 => "サーバーで問題が発生しました。 / Something went wrong on the server.",
                    _ => "リクエストを処理できません。 / The request could not be processed.",
                },
            },
        });
    }
}
