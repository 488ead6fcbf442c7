using Madoguchi.Core.Answers;
using Madoguchi.Core.Procedures;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;

namespace Madoguchi.Server.Features.Portal;

/// <summary>What every portal page needs around its content.</summary>
public sealed record PortalChrome(TenantInfo Tenant, string Language, string Path, AntiforgeryTokenSet? Csrf)
{
    public bool English => Language == "en";

    public string T(LocalizedText? text) => text?.For(Language) ?? "";
}

public sealed record DraftFileView(Guid Id, string FieldId, string Name, long Length);

public sealed record FormPageModel(
    PortalChrome Chrome,
    ProcedureDefinition Definition,
    int PageIndex,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Values,
    IReadOnlyList<FieldError> Errors,
    IReadOnlyList<DraftFileView> Files,
    string BaseUrl,
    bool Saved,
    RuleView Rules)
{
    /// <summary>After a 住所検索 whose postal code stands for several places: the address field's key and its choices.</summary>
    public (string Key, IReadOnlyList<PostalCandidate> Candidates)? PostalChoices { get; init; }

    /// <summary>When the draft corrects an application (補正): the reviewer's comments and what may be changed.</summary>
    public CorrectionView? Correction { get; init; }
}

/// <summary>
/// A correction (補正) as the applicant's form shows it: the reviewer's overall message and per-field comments, and
/// which fields stay as submitted (shown as text, not inputs; the server ignores posted values for them).
/// </summary>
public sealed record CorrectionView(
    string? Message,
    IReadOnlyDictionary<string, string> Comments,
    DateOnly? ReplyBy,
    Func<string, bool> IsLocked,
    IReadOnlyDictionary<string, IReadOnlyList<string>> OriginalFileNames);

/// <summary>
/// The rules as they stand for the answers so far: calculated values, what is hidden, and the pages the applicant
/// goes through (branches and hidden pages skipped).
/// </summary>
public sealed record RuleView(
    ProcedureRules Rules,
    System.Text.Json.Nodes.JsonObject Answers,
    IReadOnlySet<string> Hidden,
    Madoguchi.Core.Expressions.ExprEnvironment Environment,
    IReadOnlyList<int> Path,
    DateOnly Today)
{
    /// <summary>A designer preview: every field and page is drawn, whatever the rules would decide without answers.</summary>
    public bool ShowAll { get; init; }

    /// <summary>Rules over no answers, showing everything (for the designer's preview of a draft).</summary>
    public static RuleView Preview(ProcedureDefinition definition, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var rules = ProcedureRules.For(definition);
        var answers = new System.Text.Json.Nodes.JsonObject();
        return new RuleView(rules, answers, new HashSet<string>(), rules.EnvironmentFor(answers, today), Enumerable.Range(0, definition.Pages.Count).ToList(), today)
        {
            ShowAll = true,
        };
    }

    /// <summary>The page after <paramref name="page"/> on the path, or -1 for the confirmation screen.</summary>
    public int NextAfter(int page) => Path.Where(p => p > page).DefaultIfEmpty(-1).First();

    /// <summary>The page before <paramref name="page"/> on the path (the first page when there is none).</summary>
    public int PreviousBefore(int page) => Path.Where(p => p < page).DefaultIfEmpty(0).Last();

    /// <summary>"Step n of m" along the path (the page's own place when it is off the path).</summary>
    public (int Step, int Of) StepOf(int page) => (Path.Count(p => p <= page), Math.Max(Path.Count, 1));

    /// <summary>
    /// Whether a field is rendered: shown with the answers so far, or its visibility hangs on an answer of this very
    /// page (the browser toggles it; without JavaScript it stays visible and the server ignores it if hidden).
    /// </summary>
    public bool Renders(string fieldId, int page) =>
        !Hidden.Contains(fieldId) || Rules.VisibilityInputs(fieldId).Any(root => Rules.PageOf(root) == page);
}

public sealed record ConfirmModel(
    PortalChrome Chrome,
    ProcedureDefinition Definition,
    System.Text.Json.Nodes.JsonObject Answers,
    IReadOnlyList<DraftFileView> Files,
    string BaseUrl)
{
    /// <summary>Pages the applicant went through (all when null).</summary>
    public IReadOnlyList<int>? Path { get; init; }

    /// <summary>Fields not shown with these answers; the confirmation screen leaves them out.</summary>
    public IReadOnlySet<string> Hidden { get; init; } = new HashSet<string>();

    /// <summary>sealPolicy "declaration": the text of the required checkbox (null: no declaration asked).</summary>
    public LocalizedText? Declaration { get; init; }

    /// <summary>The error shown when the declaration was not ticked.</summary>
    public string? DeclarationError { get; init; }

    /// <summary>For a correction (補正): what changed against the answers as they stand, listed before resubmitting.</summary>
    public IReadOnlyList<Madoguchi.Core.Answers.AnswerChange>? Changes { get; init; }

    /// <summary>For a correction: the answers before it, to show each change as before → after.</summary>
    public System.Text.Json.Nodes.JsonObject? Before { get; init; }
}

public sealed record DoneModel(PortalChrome Chrome, ProcedureDefinition Definition, string ReceiptNumber, string AccessCode, DateTime SubmittedAt, string StatusUrl)
{
    /// <summary>The page confirms a resubmitted correction (補正), not a new application.</summary>
    public bool Resubmitted { get; init; }
}

public sealed record StatusModel(PortalChrome Chrome, string? ReceiptNumber, string? Error, Application? Application, string? ProcedureTitle)
{
    /// <summary>The case as the applicant may see it (status changes and correction requests, not internal comments).</summary>
    public Madoguchi.Core.Cases.CaseState? Case { get; init; }

    /// <summary>The code the applicant just typed, carried into the withdraw form so it can prove who asks again.</summary>
    public string? AccessCode { get; init; }

    /// <summary>The outcome of an action (e.g. 取下げ), shown above the status.</summary>
    public string? Message { get; init; }

    /// <summary>The definition the application was made with (field labels for correction comments).</summary>
    public ProcedureDefinition? Definition { get; init; }
    /// <summary>The signed-in owner is looking (forms carry no access code), rather than a guest who gave it.</summary>
    public bool ByAccount { get; init; }

    /// <summary>The thread as the applicant may see it: internal notes are never loaded into this model.</summary>
    public IReadOnlyList<Applicants.MessageView> Messages { get; init; } = [];

    /// <summary>Problems with a message the applicant just tried to send, and its text to show again.</summary>
    public IReadOnlyList<Applicants.FormError> MessageErrors { get; init; } = [];
    public string? MessageDraft { get; init; }
}
