using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Calendar;
using Madoguchi.Core.Cases;
using Madoguchi.Core.Procedures;
using Madoguchi.Core.Search;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Procedures;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Cases;

/// <summary>
/// Writes the inbox columns of an application (<see cref="Application.CurrentStepId"/> … <see cref="Application.SearchText"/>)
/// from its case, in memory: the caller saves them with the change that caused them.
/// </summary>
public static class CaseColumns
{
    /// <summary>Sets the case columns from <paramref name="state"/>, deadlines counted in the organisation's <paramref name="calendar"/>.</summary>
    public static void Set(Application application, RouteDefinition route, CaseState state, int? processingDays, DateTime activityAt, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(application);
        var facts = CaseIndex.Of(route, state, processingDays, calendar);
        application.CurrentStepId = facts.StepId;
        application.AssigneeId = facts.HandlerId;
        application.StepDepartments = CaseIndex.Join(facts.Departments);
        application.StepRoles = CaseIndex.Join(facts.Roles);
        application.StepParties = CaseIndex.Join(facts.PartyKeys);
        application.StepDueAt = facts.StepDueDate is { } step ? CaseIndex.EndOfJapanDay(step) : null;
        application.ProcessingDueAt = facts.ProcessingDueDate is { } processing ? CaseIndex.EndOfJapanDay(processing) : null;
        application.DueAt = facts.EarliestDueDate is { } due ? CaseIndex.EndOfJapanDay(due) : null;
        application.LastActivityAt = activityAt;
    }

    /// <summary>
    /// The columns of a newly received application, from the cached parsed definition and no I/O: the case it would
    /// open (<see cref="CaseMachine.Open"/>). The answers are evaluated only when the route's first step has a
    /// condition (which step comes first then depends on them).
    /// </summary>
    public static void SetAtSubmission(Application application, ProcedureDefinition definition, JsonObject answers, DateTime now, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(definition);
        var route = RouteDefinition.Of(definition);
        IReadOnlyList<string> plan = route.Steps.All(s => s.When is null)
            ? [.. route.Steps.Select(s => s.Id)]
            : RoutePlanner.Plan(route, ProcedureRules.For(definition).EnvironmentFor(answers, CaseClock.JapanDate(now)).Values, now);
        var state = new CaseState { Status = CaseStatus.Received, Plan = plan, ReceivedAt = now, StepStartedAt = now };
        Set(application, route, state, definition.ProcessingDays, now, calendar);
        application.SearchText = SearchText.Build(application.ReceiptNumber, application.ApplicantName, answers);
    }

    /// <summary>
    /// Fills the columns of applications received before they existed (<see cref="Application.SearchText"/> null),
    /// in every tenant, in batches. Idempotent: a second run finds nothing to do.
    /// </summary>
    public static async Task<int> BackfillAsync(AppDbContext db, DefinitionCache definitions, Calendar.TenantCalendars calendars, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(definitions);
        var total = 0;
        var failures = 0;
        while (failures < 3)
        {
            var batch = await db.Applications.IgnoreQueryFilters().Include(a => a.ProcedureVersion)
                .Where(a => a.SearchText == null).OrderBy(a => a.Id).Take(200).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return total;
            }

            foreach (var application in batch)
            {
                var definition = definitions.Get(application.ProcedureVersion!);
                var route = RouteDefinition.Of(definition);
                var answers = JsonNode.Parse(application.AnswersJson) as JsonObject ?? [];
                var state = string.IsNullOrEmpty(application.CaseStateJson)
                    ? CaseMachine.Open(route, null, application.SubmittedAt, ProcedureRules.For(definition).EnvironmentFor(answers, CaseClock.JapanDate(application.SubmittedAt)).Values)
                    : JsonSerializer.Deserialize<CaseState>(application.CaseStateJson, CaseService.Json)!;
                var lastActivity = state.History.Count > 0 ? state.History[^1].At : application.SubmittedAt;
                Set(application, route, state, definition.ProcessingDays, lastActivity, await calendars.ForTenantAsync(db, application.TenantId, cancellationToken));
                application.SearchText = SearchText.Build(application.ReceiptNumber, application.ApplicantName, answers);
            }

            // The concurrency token is the case version, which this does not change; a case acted on meanwhile is
            // written again by that command, so a lost race here is harmless and the row is retried next batch.
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                total += batch.Count;
            }
            catch (DbUpdateConcurrencyException)
            {
                failures++;
            }

            db.ChangeTracker.Clear();
        }

        return total;
    }

    /// <summary>
    /// Counts the due columns of the current tenant's open cases again (after its calendar changed). Cases acted on
    /// meanwhile keep what their command wrote (it used the new calendar too).
    /// </summary>
    public static async Task<int> RefreshDueAsync(AppDbContext db, DefinitionCache definitions, BusinessCalendar calendar, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(definitions);
        var refreshed = 0;
        for (var offset = 0; ; offset += 200)
        {
            // Open cases only; the filter does not change while this runs (it writes no status), so paging is stable.
            var batch = await db.Applications.Include(a => a.ProcedureVersion)
                .Where(a => a.Status == ApplicationStatus.Received || a.Status == ApplicationStatus.InReview || a.Status == ApplicationStatus.Returned)
                .OrderBy(a => a.SubmittedAt).ThenBy(a => a.ReceiptNumber)
                .Skip(offset).Take(200).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return refreshed;
            }

            foreach (var application in batch)
            {
                var definition = definitions.Get(application.ProcedureVersion!);
                var route = RouteDefinition.Of(definition);
                var state = string.IsNullOrEmpty(application.CaseStateJson)
                    ? CaseMachine.Open(route, null, application.SubmittedAt, ProcedureRules.For(definition).EnvironmentFor(JsonNode.Parse(application.AnswersJson) as JsonObject ?? [], CaseClock.JapanDate(application.SubmittedAt)).Values)
                    : JsonSerializer.Deserialize<CaseState>(application.CaseStateJson, CaseService.Json)!;
                if (!state.IsFinal)
                {
                    Set(application, route, state, definition.ProcessingDays, application.LastActivityAt, calendar);
                    refreshed++;
                }
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // A case acted on meanwhile was written by its command with the same calendar.
            }

            db.ChangeTracker.Clear();
        }
    }
}
