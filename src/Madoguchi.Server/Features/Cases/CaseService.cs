using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Cases;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Procedures;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Cases;

/// <summary>What happened to a command on a case.</summary>
public enum CaseActionOutcome
{
    Applied,
    NotFound,

    /// <summary>The rules refuse the command in this state or for this actor (<see cref="CaseActionResult.Refusal"/> says why).</summary>
    Refused,

    /// <summary>Someone else changed the case first; <see cref="CaseActionResult.State"/> is the case as it now stands.</summary>
    Conflict,
}

public sealed record CaseActionResult(CaseActionOutcome Outcome, CaseState? State, CaseRefusal? Refusal);

/// <summary>
/// Changes that ride with a command in the same transaction: a resubmission's new answers (the route is recomputed
/// from them) and whatever else must be saved with it (answer versions, files, the draft).
/// </summary>
public sealed record CaseChange(JsonObject NewAnswers, Func<Application, Task> StageAsync);

/// <summary>
/// Applies case commands (Core.Cases.CaseMachine) to stored applications: the new state, the application status, the
/// audit record and the outbox event commit together, guarded by the case version, so of two staff acting on one case
/// at once exactly one succeeds and the other learns that it changed.
/// </summary>
public sealed class CaseService(AppDbContext db, DefinitionCache definitions, Calendar.TenantCalendars calendars, Documents.DocumentIssuer documents, TimeProvider clock, ILogger<CaseService> logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<CaseState?> LoadAsync(Guid applicationId, CancellationToken cancellationToken)
    {
        var application = await db.Applications.AsNoTracking().Include(a => a.ProcedureVersion).SingleOrDefaultAsync(a => a.Id == applicationId, cancellationToken);
        if (application is null)
        {
            return null;
        }

        var (route, answers) = Context(application);
        return Current(application, route, answers);
    }

    public Task<CaseActionResult> ApplyAsync(Guid applicationId, CaseCommand command, Actor actor, int? expectedVersion, CancellationToken cancellationToken) =>
        ApplyAsync(applicationId, command, actor, expectedVersion, null, cancellationToken);

    public async Task<CaseActionResult> ApplyAsync(Guid applicationId, CaseCommand command, Actor actor, int? expectedVersion, CaseChange? change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);

        // Always read the case as it is now (a back-office circuit keeps its context for a long time).
        db.ChangeTracker.Clear();
        var application = await db.Applications.Include(a => a.ProcedureVersion).SingleOrDefaultAsync(a => a.Id == applicationId, cancellationToken);
        if (application is null)
        {
            return new CaseActionResult(CaseActionOutcome.NotFound, null, null);
        }

        var (route, answers) = Context(application, change?.NewAnswers);
        var state = Current(application, route, answers);
        if (expectedVersion is { } expected && expected != state.Version)
        {
            return new CaseActionResult(CaseActionOutcome.Conflict, state, null);
        }

        if (command is RequestCorrection correction && UnknownField(application, correction) is { } unknown)
        {
            return new CaseActionResult(CaseActionOutcome.Refused, state, new CaseRefusal("unknownField", new LocalizedText(
                $"項目「{unknown}」はこの手続にありません。補正を求める項目は申請の項目から選んでください。",
                $"This procedure has no field \"{unknown}\". Choose the fields to correct from the application's fields.")));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var result = CaseMachine.Apply(route, state, command, actor, now, answers);
        if (!result.IsAccepted)
        {
            return new CaseActionResult(CaseActionOutcome.Refused, state, result.Refusal);
        }

        var next = result.State;
        if (change is not null)
        {
            await change.StageAsync(application);
        }

        application.CaseStateJson = JsonSerializer.Serialize(next, Json);
        application.CaseVersion = next.Version;
        application.Status = StatusOf(next.Status);
        var definition = definitions.Get(application.ProcedureVersion!);
        CaseColumns.Set(application, route, next, definition.ProcessingDays, now, await calendars.ForTenantAsync(db, application.TenantId, cancellationToken));
        if (command is Resubmit || application.SearchText is null)
        {
            // The corrected answers are what staff search for from now on.
            application.SearchText = Madoguchi.Core.Search.SearchText.Build(application.ReceiptNumber, application.ApplicantName, JsonNode.Parse(application.AnswersJson) as JsonObject);
        }

        var eventType = next.IsFinal ? "application.decided" : next.Status == CaseStatus.CorrectionRequested ? "application.correction_requested" : "application.state_changed";
        db.AuditRecords.Add(new AuditRecord
        {
            TenantId = application.TenantId,
            At = now,
            Actor = actor.Id,
            Action = "case." + command.Kind.ToString().ToLowerInvariant(),
            EntityType = "application",
            EntityId = application.Id.ToString(),
            Details = JsonSerializer.Serialize(new { from = state.Status, to = next.Status, version = next.Version, step = state.CurrentStepId, comment = result.Transition?.Comment }, Json),
        });
        db.OutboxMessages.Add(new OutboxMessage
        {
            TenantId = application.TenantId,
            Type = eventType,
            CreatedAt = now,
            PayloadJson = JsonSerializer.Serialize(new { applicationId = application.Id, receiptNumber = application.ReceiptNumber, from = state.Status, to = next.Status, version = next.Version, outcome = next.Outcome }, Json),
        });

        // The decision document's signature for an approval and the notice of a decision commit with the command;
        // if one cannot be made, the command is not applied.
        try
        {
            await documents.StageForCaseAsync(application, state, next, command, actor, now, cancellationToken);
        }
        catch (Documents.DocumentIssueException e)
        {
            db.ChangeTracker.Clear();
            return new CaseActionResult(CaseActionOutcome.Refused, state, new CaseRefusal("documentFailed", e.Text));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else's command committed between our read and our write: nothing of ours was saved.
            documents.DiscardStaged();
            db.ChangeTracker.Clear();
            logger.LogInformation("Case {ApplicationId} changed concurrently; {Command} not applied", applicationId, command.Kind);
            var fresh = await db.Applications.AsNoTracking().Include(a => a.ProcedureVersion).SingleAsync(a => a.Id == applicationId, cancellationToken);
            return new CaseActionResult(CaseActionOutcome.Conflict, Current(fresh, route, answers), null);
        }

        return new CaseActionResult(CaseActionOutcome.Applied, next, null);
    }

    /// <summary>The stored state, or a case opened from the receipt when staff have not acted on it yet.</summary>
    private static CaseState Current(Application application, RouteDefinition route, Madoguchi.Core.Expressions.IExprValues answers) =>
        string.IsNullOrEmpty(application.CaseStateJson)
            ? CaseMachine.Open(route, null, application.SubmittedAt, answers)
            : JsonSerializer.Deserialize<CaseState>(application.CaseStateJson, Json)!;

    private string? UnknownField(Application application, RequestCorrection correction)
    {
        var definition = definitions.Get(application.ProcedureVersion!);
        return correction.Fields.Select(f => f.FieldId).FirstOrDefault(id => definition.FindInputField(id) is null);
    }

    private (RouteDefinition Route, Madoguchi.Core.Expressions.IExprValues Answers) Context(Application application, JsonObject? newAnswers = null)
    {
        var definition = definitions.Get(application.ProcedureVersion!);
        var answers = newAnswers ?? JsonNode.Parse(application.AnswersJson) as JsonObject ?? [];
        var today = JapanTime.Today(clock);
        return (RouteDefinition.Of(definition), ProcedureRules.For(definition).EnvironmentFor(answers, today).Values);
    }

    /// <summary>The inbox's coarse status for a case status.</summary>
    public static ApplicationStatus StatusOf(CaseStatus status) => status switch
    {
        CaseStatus.Received => ApplicationStatus.Received,
        CaseStatus.CorrectionRequested => ApplicationStatus.Returned,
        CaseStatus.Granted => ApplicationStatus.Approved,
        CaseStatus.Refused or CaseStatus.Dismissed => ApplicationStatus.Rejected,
        CaseStatus.Withdrawn => ApplicationStatus.Withdrawn,
        _ => ApplicationStatus.InReview,
    };
}
