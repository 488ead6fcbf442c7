using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Features.Integration;
using Madoguchi.Server.Features.Notifications;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Madoguchi.Server.Features.Webhooks;

/// <summary>/api/v1/webhooks: subscriptions, their deliveries and manual resend; API keys need the "webhooks" scope.</summary>
public static class WebhookEndpoints
{
    public static void AddWebhooks(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection(WebhookOptions.Section));
        builder.Services.AddSingleton<HostResolver>();
        builder.Services.AddSingleton<OutboundGuard>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddScoped<WebhookFanOut>();
        builder.Services.AddScoped<WebhookSubscriptions>();
        builder.Services.AddSingleton<WebhookWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookWorker>());
    }

    public static void MapWebhooks(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/v1/webhooks").RequireAuthorization(Policies.ApiWebhooks).DisableAntiforgery().WithTags("webhooks");
        api.MapGet("", ListAsync).WithName("ListWebhooks");
        api.MapPost("", CreateAsync).WithName("CreateWebhook");
        api.MapGet("/{id:guid}", GetAsync).WithName("GetWebhook");
        api.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateWebhook");
        api.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteWebhook");
        api.MapPost("/{id:guid}/rotate-secret", RotateAsync).WithName("RotateWebhookSecret");
        api.MapPost("/{id:guid}/test", PingAsync).WithName("TestWebhook");
        api.MapGet("/{id:guid}/deliveries", DeliveriesAsync).WithName("ListWebhookDeliveries");
        api.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/resend", ResendAsync).WithName("ResendWebhookDelivery");
    }

    private static async Task<Ok<List<WebhookView>>> ListAsync(WebhookSubscriptions webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.ListAsync(ct));

    /// <summary>Creates a subscription; the answer carries the signing secret, which is never shown again.</summary>
    private static async Task<Results<Created<WebhookWithSecret>, ProblemHttpResult>> CreateAsync(WebhookInput input, WebhookSubscriptions webhooks, HttpContext http, CancellationToken ct)
    {
        var (created, problems) = await webhooks.CreateAsync(input, ApiEndpoints.Actor(http.User), ct);
        return created is null ? Invalid(problems) : TypedResults.Created($"/api/v1/webhooks/{created.Webhook.Id}", created);
    }

    private static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> GetAsync(Guid id, WebhookSubscriptions webhooks, CancellationToken ct) =>
        await webhooks.GetAsync(id, ct) is { } view ? TypedResults.Ok(view) : ApiEndpoints.NotFound("webhook", id.ToString());

    /// <summary>Changes the fields that are present (null or absent = unchanged); an empty "procedure" means every procedure.</summary>
    private static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> UpdateAsync(Guid id, WebhookInput input, WebhookSubscriptions webhooks, HttpContext http, CancellationToken ct)
    {
        var (updated, problems) = await webhooks.UpdateAsync(id, input, ApiEndpoints.Actor(http.User), ct);
        if (updated is not null)
        {
            return TypedResults.Ok(updated);
        }

        return problems.Contains(WebhookSubscriptions.NotFound) ? ApiEndpoints.NotFound("webhook", id.ToString()) : Invalid(problems);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, WebhookSubscriptions webhooks, HttpContext http, CancellationToken ct) =>
        await webhooks.DeleteAsync(id, ApiEndpoints.Actor(http.User), ct) ? TypedResults.NoContent() : ApiEndpoints.NotFound("webhook", id.ToString());

    /// <summary>A new secret (shown once); the previous one keeps signing alongside it until previousSecretExpiresAt.</summary>
    private static async Task<Results<Ok<WebhookWithSecret>, ProblemHttpResult>> RotateAsync(Guid id, WebhookSubscriptions webhooks, HttpContext http, CancellationToken ct) =>
        await webhooks.RotateAsync(id, ApiEndpoints.Actor(http.User), ct) is { } rotated ? TypedResults.Ok(rotated) : ApiEndpoints.NotFound("webhook", id.ToString());

    /// <summary>Sends a signed webhook.test event now and answers with the delivery after that attempt.</summary>
    private static async Task<Results<Ok<WebhookDeliveryView>, ProblemHttpResult>> PingAsync(Guid id, WebhookSubscriptions webhooks, HttpContext http, CancellationToken ct) =>
        await webhooks.PingAsync(id, ApiEndpoints.Actor(http.User), ct) is { } delivery ? TypedResults.Ok(delivery) : ApiEndpoints.NotFound("webhook", id.ToString());

    /// <summary>The latest deliveries (newest first, at most <c>take</c>, default 50) with status codes and attempts.</summary>
    private static async Task<Results<Ok<List<WebhookDeliveryView>>, ProblemHttpResult>> DeliveriesAsync(Guid id, int? take, WebhookSubscriptions webhooks, CancellationToken ct) =>
        await webhooks.DeliveriesAsync(id, take ?? 50, ct) is { } list ? TypedResults.Ok(list) : ApiEndpoints.NotFound("webhook", id.ToString());

    /// <summary>Sends a delivery again (same webhook-id, fresh 24-hour retry window), whatever its status.</summary>
    private static async Task<Results<Accepted<WebhookDeliveryView>, ProblemHttpResult>> ResendAsync(Guid id, Guid deliveryId, WebhookSubscriptions webhooks, HttpContext http, CancellationToken ct) =>
        await webhooks.ResendAsync(id, deliveryId, ApiEndpoints.Actor(http.User), ct) is { } delivery
            ? TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries", delivery)
            : ApiEndpoints.NotFound("delivery", deliveryId.ToString());

    private static ProblemHttpResult Invalid(IReadOnlyList<WebhookProblem> problems)
    {
        var english = UiText.CurrentLanguage == "en";
        var first = problems.Count > 0 ? problems[0] : new WebhookProblem("", "invalid", "入力が正しくありません。", "The input is not valid.");
        var details = new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = english ? first.En : first.Ja,
            Type = "https://madoguchi.example/problems/" + first.Code,
        };
        details.Extensions["code"] = first.Code;
        details.Extensions["errors"] = problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => english ? p.En : p.Ja).ToArray());
        details.Extensions["problems"] = problems.Select(p => new { path = p.Field, code = p.Code, ja = p.Ja, en = p.En }).ToList();
        return TypedResults.Problem(details);
    }
}
