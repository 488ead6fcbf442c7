using System.Globalization;
using System.Text.RegularExpressions;
using Madoguchi.Core.Procedures;
using Rendered = Madoguchi.Core.Import.ExpressionTranslator.Rendered;
using Scope = Madoguchi.Core.Import.ExpressionTranslator.Scope;

namespace Madoguchi.Core.Import;

/// <summary>
/// Turns a <see cref="FormModel"/> (read from an XLSForm or an XForm) into a Madoguchi procedure definition.
/// Both importers share this class, so the same form gives the same definition whichever way it arrives.
/// </summary>
/// <remarks>
/// Three passes: plan what every node becomes (page, section, repeat, field, or dropped, with its id); settle the
/// calculated fields (a calculation that cannot be translated drops its field, which may break others, so this
/// repeats until nothing changes); then build the pages, translating every expression and reporting what is lost.
/// </remarks>
internal sealed partial class FormTranslator : IReferenceTable
{
    private enum Role { Page, Section, Flatten, Repeat, Field, Paragraph, Dropped }

    private sealed class Plan
    {
        public Role Role { get; set; }
        public string Id { get; set; } = "";
        public FieldType Type { get; set; }
        public FormNode? Repeat { get; set; }
        public ValueKind Kind { get; set; }
        public string? WhyJa { get; set; }
        public string? WhyEn { get; set; }
    }

    private readonly FormModel _form;
    private readonly ImportOptions _options;
    private readonly IssueLog _log;
    private readonly Dictionary<FormNode, Plan> _plans = [];
    private readonly Dictionary<string, List<FormNode>> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FormNode> _byPath = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly List<CheckRule> _checks = [];
    private readonly ExpressionTranslator _expressions;
    private int _englishAsJapanese;
    private SourceLocation? _firstEnglishAsJapanese;

    private FormTranslator(FormModel form, ImportOptions options, IssueLog log)
    {
        _form = form;
        _options = options;
        _log = log;
        _expressions = new ExpressionTranslator(this);
        foreach (var node in form.Root.Descendants())
        {
            if (!_byName.TryGetValue(node.Name, out var list))
            {
                _byName[node.Name] = list = [];
            }

            list.Add(node);
            _byPath.TryAdd(node.Path, node);
        }
    }

    public static ImportResult Translate(FormModel form, ImportOptions options, IssueLog log)
    {
        var translator = new FormTranslator(form, options, log);
        var definition = translator.Build();
        return new ImportResult(definition, log.Issues)
        {
            SourceFormId = form.FormId?.Text,
            SourceVersion = form.Version,
        };
    }

    // ---- IReferenceTable ----

    public FormNode? ByName(string name)
    {
        if (!_byName.TryGetValue(name, out var nodes))
        {
            return null;
        }

        return nodes.Count == 1
            ? nodes[0]
            : throw new XPathProblem($"「{name}」という名前の質問が{nodes.Count}つあり、どれを指すか決められません。", $"{nodes.Count} questions are named \"{name}\"; the reference is ambiguous.");
    }

    public FormNode? ByPath(string path) => _byPath.GetValueOrDefault(path);

    public NodeTarget Target(FormNode node)
    {
        if (!_plans.TryGetValue(node, out var plan))
        {
            return new NodeTarget("", TargetRole.Unavailable, ValueKind.Unknown, null, WhyJa: "これは取り込まれる質問ではありません", WhyEn: "which is not an imported question");
        }

        return plan.Role switch
        {
            Role.Field => new NodeTarget(plan.Id, TargetRole.Field, plan.Kind, plan.Repeat, node.Kind == NodeKind.Acknowledge, plan.Type == FieldType.Choice),
            Role.Repeat => new NodeTarget(plan.Id, TargetRole.Repeat, ValueKind.Unknown, plan.Repeat),
            Role.Paragraph => new NodeTarget(plan.Id, TargetRole.Unavailable, ValueKind.Unknown, null, WhyJa: "これは説明文（note）で値を持ちません", WhyEn: "which is a note and has no value"),
            Role.Dropped => new NodeTarget("", TargetRole.Unavailable, ValueKind.Unknown, null, WhyJa: plan.WhyJa ?? "これは取り込まれていません", WhyEn: plan.WhyEn ?? "which was not imported"),
            _ => new NodeTarget(plan.Id, TargetRole.Unavailable, ValueKind.Unknown, null, WhyJa: "これはグループで値を持ちません", WhyEn: "which is a group and has no value"),
        };
    }

    // ---- pass 1: plan ----

    private void PlanNodes(IEnumerable<FormNode> nodes, int depth, FormNode? repeat, bool topLevel)
    {
        foreach (var node in nodes)
        {
            var plan = new Plan { Repeat = repeat };
            _plans[node] = plan;
            switch (node.Kind)
            {
                case NodeKind.Group when topLevel && node.HasAppearance("field-list"):
                    plan.Role = Role.Page;
                    plan.Id = AllocateId(node.Name, node.Where.At("name"), "page");
                    PlanNodes(node.Children, 0, repeat, topLevel: false);
                    break;

                case NodeKind.Group when depth >= FieldDefaults.MaxSectionDepth:
                    plan.Role = Role.Flatten;
                    _log.Warning("groupFlattened", node.Where.At("type"), node.Name,
                        $"グループ「{node.Name}」は入れ子が深すぎるため（{FieldDefaults.MaxSectionDepth}段まで）、見出しをなくして中の質問を外側に並べました。表示条件は各質問に引き継いでいます。",
                        $"Group \"{node.Name}\" is nested too deeply (at most {FieldDefaults.MaxSectionDepth} levels), so its questions were placed in the enclosing group without a title; its relevance carries over to each.");
                    PlanNodes(node.Children, depth, repeat, topLevel: false);
                    break;

                case NodeKind.Group when node.Label.IsEmpty:
                    plan.Role = Role.Flatten;
                    _log.Info("groupFlattened", node.Where.At("label"), node.Name,
                        $"グループ「{node.Name}」にはラベルがないため、区切り（section）にせず中の質問をそのまま並べました。表示条件は各質問に引き継いでいます。",
                        $"Group \"{node.Name}\" has no label, so its questions were placed directly instead of in a section; its relevance carries over to each.");
                    PlanNodes(node.Children, depth, repeat, topLevel: false);
                    break;

                case NodeKind.Group:
                    plan.Role = Role.Section;
                    plan.Id = AllocateId(node.Name, node.Where.At("name"), "section");
                    PlanNodes(node.Children, depth + 1, repeat, topLevel: false);
                    break;

                case NodeKind.Repeat when repeat is not null || depth >= FieldDefaults.MaxSectionDepth:
                    var nested = repeat is not null;
                    Drop(node, plan, ImportSeverity.Error, nested ? "nestedRepeat" : "tooDeep", "type",
                        nested ? $"繰り返し「{node.Name}」は繰り返し「{repeat!.Name}」の中にあります。Madoguchiでは繰り返しを入れ子にできないため、この繰り返しと中の質問は取り込んでいません。" : $"繰り返し「{node.Name}」は入れ子が深すぎるため取り込んでいません。",
                        nested ? $"The repeat \"{node.Name}\" is inside the repeat \"{repeat!.Name}\". Madoguchi cannot nest repeats, so this repeat and its questions were not imported." : $"The repeat \"{node.Name}\" is nested too deeply and was not imported.",
                        "入れ子の繰り返しの中にあるため取り込まれていません", "which was not imported because it is inside a nested repeat");
                    DropDescendants(node);
                    break;

                case NodeKind.Repeat:
                    plan.Role = Role.Repeat;
                    plan.Id = AllocateId(node.Name, node.Where.At("name"), "repeat");
                    PlanNodes(node.Children, depth + 1, node, topLevel: false);
                    break;

                case NodeKind.Note:
                    if (node.Label.IsEmpty && node.Hint.IsEmpty)
                    {
                        Drop(node, plan, ImportSeverity.Warning, "emptyNote", "label",
                            $"説明文（note）「{node.Name}」に文章がないため、取り込んでいません。", $"The note \"{node.Name}\" has no text and was not imported.");
                        break;
                    }

                    plan.Role = Role.Paragraph;
                    plan.Type = FieldType.Paragraph;
                    plan.Id = AllocateId(node.Name, node.Where.At("name"), "note");
                    break;

                case NodeKind.Question when node.Question is QuestionType.SelectOne or QuestionType.SelectMultiple && node.Choices is not { Count: > 0 }:
                    // The reader has reported the missing or empty list.
                    plan.Role = Role.Dropped;
                    plan.WhyJa = "選択肢がないため取り込まれていません";
                    plan.WhyEn = "which was not imported because it has no choices";
                    break;

                case NodeKind.Question:
                    plan.Role = Role.Field;
                    plan.Type = node.Question switch
                    {
                        QuestionType.Integer => FieldType.Integer,
                        QuestionType.Decimal => FieldType.Decimal,
                        QuestionType.Date => FieldType.Date,
                        QuestionType.SelectOne => FieldType.Choice,
                        QuestionType.SelectMultiple => FieldType.MultiChoice,
                        _ => node.HasAppearance("multiline") ? FieldType.TextArea : FieldType.Text,
                    };
                    plan.Kind = KindOf(plan.Type);
                    plan.Id = AllocateId(node.Name, node.Where.At("name"), "field");
                    break;

                case NodeKind.Acknowledge:
                    plan.Role = Role.Field;
                    plan.Type = FieldType.YesNo;
                    plan.Kind = ValueKind.Boolean;
                    plan.Id = AllocateId(node.Name, node.Where.At("name"), "field");
                    break;

                case NodeKind.Calculate when node.Calculation is null:
                    Drop(node, plan, ImportSeverity.Error, "missingCalculation", "calculation",
                        $"計算（calculate）「{node.Name}」に計算式（calculation）がないため、取り込んでいません。", $"The calculate \"{node.Name}\" has no calculation and was not imported.");
                    break;

                case NodeKind.Calculate:
                    plan.Role = Role.Field;
                    plan.Type = FieldType.Text;
                    plan.Kind = ValueKind.Unknown;
                    plan.Id = AllocateId(node.Name, node.Where.At("name"), "calc");
                    break;

                case NodeKind.Metadata:
                    Drop(node, plan, ImportSeverity.Info, "metadata", "type",
                        $"「{node.Name}」（{node.TypeText}）はODKが自動で記録する情報です。Madoguchiは受付日時などを自ら記録するため、取り込んでいません。",
                        $"\"{node.Name}\" ({node.TypeText}) is data ODK records by itself. Madoguchi records submission times itself, so it was not imported.");
                    break;

                case NodeKind.Hidden:
                    Drop(node, plan, ImportSeverity.Error, "hiddenValue", "type",
                        $"「{node.Name}」は質問のない隠し値（{node.TypeText}）です。Madoguchiには対応するものがないため、取り込んでいません。",
                        $"\"{node.Name}\" is a hidden value without a question ({node.TypeText}). Madoguchi has no equivalent, so it was not imported.");
                    break;

                default:
                    Drop(node, plan, ImportSeverity.Error, "unsupportedType", "type",
                        $"質問「{node.Name}」の種類「{node.TypeText}」には対応していないため、この質問は取り込んでいません。",
                        $"The question \"{node.Name}\" is of type \"{node.TypeText}\", which is not supported, so it was not imported.");
                    DropDescendants(node);
                    break;
            }
        }
    }

    /// <summary>Everything inside a container that was not imported goes with it, each reported on its own row.</summary>
    private void DropDescendants(FormNode container)
    {
        foreach (var below in container.Descendants())
        {
            _plans[below] = new Plan
            {
                Role = Role.Dropped,
                WhyJa = $"取り込まれなかった「{container.Name}」の中にあるため取り込まれていません",
                WhyEn = $"which is inside \"{container.Name}\" and was not imported with it",
            };
            _log.Error("insideDropped", below.Where.At("type"), below.TypeText.Length > 0 ? below.TypeText : below.Name,
                $"「{below.Name}」は取り込まれなかった「{container.Name}」の中にあるため、取り込んでいません。",
                $"\"{below.Name}\" is inside \"{container.Name}\", which was not imported, so it was not imported either.");
        }
    }

    private void Drop(FormNode node, Plan plan, ImportSeverity severity, string code, string column, string ja, string en,
        string? whyJa = null, string? whyEn = null)
    {
        plan.Role = Role.Dropped;
        plan.WhyJa = whyJa ?? "これは取り込まれていません";
        plan.WhyEn = whyEn ?? "which was not imported";
        _log.Add(severity, code, node.Where.At(column), node.TypeText.Length > 0 ? node.TypeText : node.Name, ja, en);
    }

    private static ValueKind KindOf(FieldType type) => type switch
    {
        FieldType.Integer => ValueKind.Integer,
        FieldType.Decimal => ValueKind.Number,
        FieldType.Date => ValueKind.Date,
        FieldType.YesNo => ValueKind.Boolean,
        FieldType.MultiChoice => ValueKind.Choices,
        _ => ValueKind.Text,
    };

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdRule();

    [GeneratedRegex("[^A-Za-z0-9_]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotIdCharacters();

    /// <summary>The ODK name when it fits Madoguchi's id rule and is free, else a sanitised unique id (with an Info issue).</summary>
    private string AllocateId(string name, SourceLocation where, string fallback)
    {
        if (IdRule().IsMatch(name) && _ids.Add(name))
        {
            return name;
        }

        var baseId = NotIdCharacters().Replace(name, "_").Trim('_');
        if (baseId.Length == 0 || !baseId.Any(char.IsAsciiLetterOrDigit))
        {
            baseId = fallback;
        }
        else if (!char.IsAsciiLetter(baseId[0]))
        {
            baseId = fallback + "_" + baseId;
        }

        baseId = baseId.Length > 64 ? baseId[..64] : baseId;
        var id = baseId;
        for (var n = 2; !_ids.Add(id); n++)
        {
            var suffix = "_" + n.ToString(CultureInfo.InvariantCulture);
            id = (baseId.Length + suffix.Length > 64 ? baseId[..(64 - suffix.Length)] : baseId) + suffix;
        }

        _log.Info("renamedId", where, name,
            $"名前「{name}」はMadoguchiのid（半角英字で始まる英数字と「_」、64文字以内、重複なし）にできないため、id「{id}」にしました。",
            $"The name \"{name}\" cannot be a Madoguchi id (a letter, then letters, digits or _, at most 64, unique), so the id \"{id}\" was used.");
        return id;
    }

    // ---- pass 2: calculated fields ----

    private void SettleCalculations()
    {
        var calculated = _plans.Where(p => p.Key.Kind == NodeKind.Calculate && p.Value.Role == Role.Field).Select(p => p.Key).ToList();
        for (var round = 0; round <= calculated.Count + 1; round++)
        {
            var changed = false;
            foreach (var node in calculated)
            {
                var plan = _plans[node];
                if (plan.Role != Role.Field)
                {
                    continue;
                }

                try
                {
                    var rendered = _expressions.Translate(XPathParser.Parse(node.Calculation!.Text), new Scope(node, plan.Repeat));
                    var kind = rendered.Kind;
                    if (kind != plan.Kind)
                    {
                        plan.Kind = kind;
                        plan.Type = kind switch
                        {
                            ValueKind.Integer => FieldType.Integer,
                            ValueKind.Number => FieldType.Decimal,
                            ValueKind.Boolean => FieldType.YesNo,
                            ValueKind.Date => FieldType.Date,
                            _ => FieldType.Text,
                        };
                        plan.Kind = plan.Type == FieldType.Text ? (kind == ValueKind.Unknown ? ValueKind.Unknown : ValueKind.Text) : kind;
                        changed = true;
                    }
                }
                catch (XPathProblem)
                {
                    // Reported when the field is built; until then nothing may refer to it.
                    plan.Role = Role.Dropped;
                    plan.WhyJa = "その計算式を変換できず取り込まれていません";
                    plan.WhyEn = "whose calculation could not be translated, so it was not imported";
                    _droppedCalculations.Add(node);
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }
    }

    private readonly List<FormNode> _droppedCalculations = [];

    // ---- pass 3: build ----

    private ProcedureDefinition? Build()
    {
        PlanNodes(_form.Root.Children, 0, null, topLevel: true);
        SettleCalculations();

        var title = _form.Title?.Text ?? _form.FormId?.Text;
        if (string.IsNullOrWhiteSpace(title))
        {
            title = "取り込んだ手続";
            _log.Warning("missingTitle", null, null, "フォームに題名（form_title / h:title）がないため、仮の手続名「取り込んだ手続」を付けました。", "The form has no title (form_title / h:title), so the placeholder title \"取り込んだ手続\" was used.");
        }

        var pages = new List<PageDefinition>();
        var run = new List<FormNode>();
        foreach (var node in _form.Root.Children)
        {
            if (_plans[node].Role == Role.Page)
            {
                FlushRun(run, pages, title);
                if (BuildGroupPage(node, title) is { } page)
                {
                    pages.Add(page);
                }
            }
            else
            {
                run.Add(node);
            }
        }

        FlushRun(run, pages, title);
        ReportDroppedCalculations();
        ReportLanguages();

        if (pages.Count == 0)
        {
            _log.Error("emptyForm", null, null, "取り込める質問が1つもないため、手続の定義を作れませんでした。", "The form has no question that could be imported, so no procedure definition was made.");
            return null;
        }

        var definition = new ProcedureDefinition
        {
            Slug = ChooseSlug(),
            Title = new LocalizedText(title.Trim()),
            Department = new LocalizedText(_options.DepartmentJa.Trim(), string.IsNullOrWhiteSpace(_options.DepartmentEn) ? null : _options.DepartmentEn.Trim()),
            Pages = pages,
            Checks = _checks,
        };

        // The format's own importer is the judge. Anything it still finds is a bug in this translation; say so.
        foreach (var problem in ProcedureDefinitionParser.Parse(ProcedureJson.Serialize(definition)).Problems)
        {
            _log.Error("invalidResult", null, problem.Path,
                $"取り込み結果の定義に問題があります（{problem.Path}：{problem.Message.Ja}）。取り込み処理の不具合です。",
                $"The imported definition has a problem ({problem.Path}: {problem.Message.En}). This is a bug in the importer.");
        }

        return definition;
    }

    private void FlushRun(List<FormNode> run, List<PageDefinition> pages, string title)
    {
        if (run.Count == 0)
        {
            return;
        }

        var fields = BuildFields(run, null);
        run.Clear();
        if (fields.Count == 0)
        {
            return;
        }

        var id = AllocateQuiet("page" + (pages.Count + 1).ToString(CultureInfo.InvariantCulture));
        pages.Add(new PageDefinition { Id = id, Title = new LocalizedText(title.Trim()), Fields = fields });
    }

    private string AllocateQuiet(string id)
    {
        var candidate = id;
        for (var n = 2; !_ids.Add(candidate); n++)
        {
            candidate = id + "_" + n.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private PageDefinition? BuildGroupPage(FormNode group, string formTitle)
    {
        var plan = _plans[group];
        var visible = Condition(group.Relevant, new Scope(group, null), "relevant", "表示条件", "relevance", "ページは常に表示されます", "the page is always shown");
        ReportUnusedOnGroup(group);
        var fields = new List<FieldDefinition>();
        if (Localized(group.Hint, group.Where.At("hint"), null) is { } hint)
        {
            fields.Add(new FieldDefinition { Id = AllocateQuiet(plan.Id + "_hint"), Type = FieldType.Paragraph, Text = hint });
        }

        var children = BuildFields(group.Children, null);
        fields.AddRange(children);
        if (children.Count == 0)
        {
            _log.Warning("emptyGroup", group.Where.At("type"), group.Name,
                $"グループ「{group.Name}」には取り込める質問がないため、ページにしていません。", $"The group \"{group.Name}\" has no question that could be imported, so it did not become a page.");
            return null;
        }

        var title = Localized(group.Label, group.Where.At("label"), null) ?? new LocalizedText(formTitle.Trim());
        return new PageDefinition { Id = plan.Id, Title = title, Fields = fields, VisibleWhen = visible?.Text };
    }

    private List<FieldDefinition> BuildFields(IEnumerable<FormNode> nodes, Rendered? inherited)
    {
        var fields = new List<FieldDefinition>();
        foreach (var node in nodes)
        {
            var plan = _plans[node];
            var scope = new Scope(node, plan.Repeat);
            switch (plan.Role)
            {
                case Role.Flatten:
                    {
                        ReportUnusedOnGroup(node);
                        var own = Condition(node.Relevant, scope, "relevant", "表示条件", "relevance", "中の質問は常に表示されます", "its questions are always shown");
                        fields.AddRange(BuildFields(node.Children, own is { } o ? ExpressionTranslator.AndAlso(inherited, o) : inherited));
                        break;
                    }

                case Role.Section:
                    {
                        ReportUnusedOnGroup(node);
                        var visible = Visible(node, scope, inherited);
                        var children = BuildFields(node.Children, null);
                        if (children.Count == 0)
                        {
                            _log.Warning("emptyGroup", node.Where.At("type"), node.Name,
                                $"グループ「{node.Name}」には取り込める質問がないため、取り込んでいません。", $"The group \"{node.Name}\" has no question that could be imported, so it was left out.");
                            break;
                        }

                        fields.Add(new FieldDefinition
                        {
                            Id = plan.Id,
                            Type = FieldType.Section,
                            Label = Localized(node.Label, node.Where.At("label"), node.Name)!,
                            Hint = Localized(node.Hint, node.Where.At("hint"), null),
                            VisibleWhen = visible?.Text,
                            Fields = children,
                        });
                        break;
                    }

                case Role.Repeat:
                    if (BuildRepeat(node, plan, scope, inherited) is { } repeat)
                    {
                        fields.Add(repeat);
                    }

                    break;

                case Role.Paragraph:
                    fields.Add(BuildNote(node, plan, scope, inherited));
                    break;

                case Role.Field:
                    if (BuildField(node, plan, scope, inherited) is { } field)
                    {
                        fields.Add(field);
                    }

                    break;

                default:
                    break;
            }
        }

        return fields;
    }

    private Rendered? Visible(FormNode node, Scope scope, Rendered? inherited)
    {
        var own = Condition(node.Relevant, scope, "relevant", "表示条件", "relevance", "常に表示されます", "it is always shown");
        return own is { } o ? ExpressionTranslator.AndAlso(inherited, o) : inherited;
    }

    private FieldDefinition? BuildRepeat(FormNode node, Plan plan, Scope scope, Rendered? inherited)
    {
        // A repeat's own relevance is evaluated outside its rows.
        var visible = Visible(node, new Scope(node, null), inherited);
        ReportUnusedOnGroup(node);
        int? maxRows = null;
        if (node.RepeatCount is { } count)
        {
            if (int.TryParse(count.Text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= FieldDefaults.MaxRowsLimit)
            {
                maxRows = n;
                _log.Info("repeatCount", count.Where, count.Text,
                    $"繰り返し「{node.Name}」の回数 {n} は最大行数（maxRows）にしました。ODKは常に{n}行を作りますが、Madoguchiでは申請者が{n}行まで追加します。",
                    $"The repeat count {n} of \"{node.Name}\" became maxRows. ODK always creates {n} rows; in Madoguchi the applicant adds up to {n}.");
            }
            else
            {
                _log.Error("repeatCount", count.Where, count.Text,
                    $"繰り返し「{node.Name}」の回数（repeat_count）「{count.Text}」は1〜{FieldDefaults.MaxRowsLimit}の数でないため取り込めません。行数は申請者が決めます（最大{FieldDefaults.MaxRows}行）。",
                    $"The repeat count \"{count.Text}\" of \"{node.Name}\" is not a number from 1 to {FieldDefaults.MaxRowsLimit}, so it was not imported; the applicant decides how many rows (at most {FieldDefaults.MaxRows}).");
            }
        }

        var children = BuildFields(node.Children, null);
        if (children.Count == 0)
        {
            _log.Warning("emptyGroup", node.Where.At("type"), node.Name,
                $"繰り返し「{node.Name}」には取り込める質問がないため、取り込んでいません。", $"The repeat \"{node.Name}\" has no question that could be imported, so it was left out.");
            return null;
        }

        return new FieldDefinition
        {
            Id = plan.Id,
            Type = FieldType.Repeat,
            Label = Localized(node.Label, node.Where.At("label"), node.Name, reportMissing: true)!,
            Hint = Localized(node.Hint, node.Where.At("hint"), null),
            VisibleWhen = visible?.Text,
            MaxRows = maxRows,
            Fields = children,
        };
    }

    private FieldDefinition BuildNote(FormNode node, Plan plan, Scope scope, Rendered? inherited)
    {
        var visible = Visible(node, scope, inherited);
        var label = Localized(node.Label, node.Where.At("label"), null);
        var hint = Localized(node.Hint, node.Where.At("hint"), null);
        var text = (label, hint) switch
        {
            ({ } l, { } h) => new LocalizedText(l.Ja + "\n" + h.Ja, l.En is null && h.En is null ? null : (l.En ?? l.Ja) + "\n" + (h.En ?? h.Ja)),
            ({ } l, null) => l,
            _ => hint!,
        };

        ReportUnusedOnNote(node);
        return new FieldDefinition { Id = plan.Id, Type = FieldType.Paragraph, Text = text, VisibleWhen = visible?.Text };
    }

    private FieldDefinition? BuildField(FormNode node, Plan plan, Scope scope, Rendered? inherited)
    {
        var isCalculate = node.Kind == NodeKind.Calculate;
        var visible = Visible(node, scope, inherited);
        var label = Localized(node.Label, node.Where.At("label"), node.Name, reportMissing: !isCalculate)!;
        var field = new FieldDefinition
        {
            Id = plan.Id,
            Type = plan.Type,
            Label = label,
            Hint = Localized(node.Hint, node.Where.At("hint"), null),
            VisibleWhen = visible?.Text,
        };

        if (isCalculate)
        {
            var calculation = Condition(node.Calculation, scope, "calculation", "計算式", "calculation", "", "");
            _log.Info("hiddenCalculation", node.Where.At("type"), node.Name,
                $"計算（calculate）「{node.Name}」は、申請者には変更できない計算項目（{TypeName(plan.Type)}）として表示されます。",
                $"The calculate \"{node.Name}\" becomes a calculated, read-only field ({TypeName(plan.Type)}) that applicants can see.");
            if (node.Required is { } req && IsYes(req.Text) != false)
            {
                _log.Info("notApplicable", req.Where, req.Text, "計算項目の必須指定は使いません（値はサーバーが計算します）。", "\"required\" does not apply to a calculated field (the server computes its value).");
            }

            ReportUnsupportedColumns(node, includeConstraint: true);
            return field with { Calculate = calculation?.Text };
        }

        field = ApplyRequired(node, field, scope);
        field = ApplyAppearance(node, field);
        if (node.Kind == NodeKind.Question && node.Question is QuestionType.SelectOne or QuestionType.SelectMultiple)
        {
            field = field with { Choices = BuildChoices(node) };
            if (field.Choices.Count == 0)
            {
                _log.Error("noChoices", node.Where.At("type"), node.TypeText,
                    $"質問「{node.Name}」の選択肢がどれも取り込めないため、この質問は取り込んでいません。", $"None of the choices of \"{node.Name}\" could be imported, so the question was not imported.");
                return null;
            }
        }

        if (node.Calculation is { } calc)
        {
            if (plan.Type is FieldType.Text or FieldType.Integer or FieldType.Decimal or FieldType.Date or FieldType.YesNo)
            {
                field = field with { Calculate = Condition(calc, scope, "calculation", "計算式", "calculation", "値は計算されず申請者が入力します", "the applicant types the value instead")?.Text };
                if (field.Calculate is not null && !(node.ReadOnly is { } ro && IsYes(ro.Text) == true))
                {
                    _log.Warning("calculationReadOnly", calc.Where, calc.Text,
                        $"質問「{node.Name}」の計算式は、ODKでは初期値として申請者が書き換えられますが、Madoguchiでは書き換えできない計算項目になります。",
                        $"The calculation of \"{node.Name}\" is an editable initial value in ODK; in Madoguchi the field becomes calculated and read-only.");
                }
            }
            else
            {
                _log.Error("unsupportedCalculation", calc.Where, calc.Text,
                    $"質問「{node.Name}」（{TypeName(plan.Type)}）には計算式を付けられないため、計算式は取り込んでいません。",
                    $"A {TypeName(plan.Type)} field cannot be calculated, so the calculation of \"{node.Name}\" was not imported.");
            }
        }
        else if (node.ReadOnly is { } readOnly && IsYes(readOnly.Text) != false)
        {
            _log.Error("readOnly", readOnly.Where, readOnly.Text,
                $"質問「{node.Name}」の読み取り専用（read_only）には対応していないため、申請者が入力できる項目になっています。",
                $"Read-only questions are not supported, so \"{node.Name}\" can be answered by the applicant.");
        }

        field = ApplyConstraint(node, field, scope);
        ReportUnsupportedColumns(node, includeConstraint: false);
        if (node.Kind == NodeKind.Acknowledge && field.Required)
        {
            AcknowledgeCheck(node, field, plan);
        }

        return field;
    }

    private FieldDefinition ApplyConstraint(FormNode node, FieldDefinition field, Scope scope)
    {
        if (node.Constraint is not { } constraint || string.IsNullOrWhiteSpace(constraint.Text))
        {
            return field;
        }

        XExpr tree;
        try
        {
            tree = XPathParser.Parse(constraint.Text);
        }
        catch (XPathProblem problem)
        {
            ReportConstraint(node, constraint, problem.Ja, problem.En);
            return field;
        }

        var message = Localized(node.ConstraintMessage, node.ConstraintMessage.Where ?? node.Where.At("constraint_message"), null);
        var remaining = new List<XExpr>();
        var absorbed = false;
        foreach (var part in Conjuncts(tree))
        {
            if (Absorb(part, node, scope, field) is { } limited)
            {
                field = limited;
                absorbed = true;
            }
            else
            {
                remaining.Add(part);
            }
        }

        if (field.Pattern is not null && message is not null)
        {
            field = field with { PatternMessage = message };
        }

        if (remaining.Count == 0)
        {
            if (message is not null && field.Pattern is null)
            {
                _log.Info("constraintMessage", node.ConstraintMessage.Where ?? node.Where.At("constraint_message"), message.Ja,
                    $"質問「{node.Name}」の制約は入力の範囲・文字数の指定にしたため、メッセージはMadoguchiの標準のものになります。",
                    $"The constraint of \"{node.Name}\" became the field's limits, so Madoguchi's standard message is shown instead of the constraint message.");
            }

            return field;
        }

        if (_plans[node].Repeat is not null)
        {
            ReportConstraint(node, constraint,
                absorbed ? "範囲・文字数の部分だけを取り込みました。繰り返しの行ごとの条件（チェック）は、範囲・文字数・入力形式の形でしか表せません。" : "繰り返しの行ごとの条件（チェック）は、範囲・文字数・入力形式の形でしか表せません。",
                absorbed ? "Only its range and length parts were imported: conditions on repeat rows can only be ranges, lengths and patterns." : "Conditions on repeat rows can only be ranges, lengths and patterns.");
            return field;
        }

        try
        {
            var assertion = _expressions.Translate(remaining.Aggregate((a, b) => new XBinary("and", a, b)), scope);
            var label = field.Label;
            _checks.Add(new CheckRule
            {
                Id = AllocateQuiet(field.Id + "_constraint"),
                Assert = assertion.Text,
                Message = message ?? new LocalizedText($"「{label.Ja}」の回答が条件を満たしていません。", $"The answer to \"{label.En ?? label.Ja}\" does not meet the condition."),
                Fields = [field.Id],
            });
        }
        catch (XPathProblem problem)
        {
            ReportConstraint(node, constraint, (absorbed ? "範囲・文字数の部分だけを取り込みました。" : "") + problem.Ja, (absorbed ? "Only its range and length parts were imported. " : "") + problem.En);
        }

        return field;
    }

    private void ReportConstraint(FormNode node, SourceText constraint, string ja, string en) =>
        _log.Error("unsupportedExpression", constraint.Where, constraint.Text,
            $"質問「{node.Name}」の制約（constraint）「{constraint.Text}」を変換できないため、取り込んでいません（回答は確かめられません）。{ja}",
            $"The constraint \"{constraint.Text}\" of \"{node.Name}\" could not be translated and was not imported (answers are not checked). {en}");

    private static IEnumerable<XExpr> Conjuncts(XExpr e) =>
        e is XBinary { Op: "and" } b ? Conjuncts(b.Left).Concat(Conjuncts(b.Right)) : [e];

    private bool IsSelf(XExpr e, FormNode node, Scope scope)
    {
        if (e is not (XPathRef or XVariable))
        {
            return false;
        }

        try
        {
            return _expressions.Resolve(e, scope) == node;
        }
        catch (XPathProblem)
        {
            return false;
        }
    }

    /// <summary>A comparison of <paramref name="subject"/>-matching side with something else, turned so the subject is on the left.</summary>
    private static (string Op, XExpr Other)? Oriented(XExpr e, Func<XExpr, bool> subject)
    {
        if (e is not XBinary { Op: "<" or "<=" or ">" or ">=" } b)
        {
            return null;
        }

        if (subject(b.Left))
        {
            return (b.Op, b.Right);
        }

        if (subject(b.Right))
        {
            return (b.Op switch { "<" => ">", "<=" => ">=", ">" => "<", _ => "<=" }, b.Left);
        }

        return null;
    }

    /// <summary>
    /// Turns one part of a constraint into a field limit when it is a plain bound: a range on a number or date,
    /// string-length on text, count-selected on a multiple choice, regex on text. Null when it is anything else.
    /// </summary>
    private FieldDefinition? Absorb(XExpr part, FormNode node, Scope scope, FieldDefinition f)
    {
        bool Self(XExpr e) => IsSelf(e, node, scope);
        bool CallOnSelf(XExpr e, string name) => e is XCall c && c.Name == name && (c.Args.Count == 1 && Self(c.Args[0]) || (c.Args.Count == 0 && name == "string-length"));

        switch (f.Type)
        {
            case FieldType.Integer or FieldType.Decimal when Oriented(part, Self) is (var op, XNumber { Value: var v }):
                if (f.Type == FieldType.Integer)
                {
                    var bound = op switch { ">=" => Math.Ceiling(v), ">" => Math.Floor(v) + 1, "<=" => Math.Floor(v), _ => Math.Ceiling(v) - 1 };
                    return Bounded(f, op is ">" or ">=" ? bound : null, op is "<" or "<=" ? bound : null);
                }

                return op switch
                {
                    ">=" => Bounded(f, v, null),
                    "<=" => Bounded(f, null, v),
                    _ => null,
                };

            case FieldType.Date when Oriented(part, Self) is (var op, var other) && LiteralDate(other) is { } date:
                var day = op switch { ">" => date.AddDays(1), "<" => date.AddDays(-1), _ => date };
                var iso = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var min = op is ">" or ">=" ? (f.MinDate is null || string.CompareOrdinal(iso, f.MinDate) > 0 ? iso : f.MinDate) : f.MinDate;
                var max = op is "<" or "<=" ? (f.MaxDate is null || string.CompareOrdinal(iso, f.MaxDate) < 0 ? iso : f.MaxDate) : f.MaxDate;
                return min is not null && max is not null && string.CompareOrdinal(min, max) > 0 ? null : f with { MinDate = min, MaxDate = max };

            case FieldType.Text or FieldType.TextArea when Oriented(part, e => CallOnSelf(e, "string-length")) is (var op, XNumber { Value: var n }) && decimal.Truncate(n) == n && n is >= 0 and <= FieldDefaults.MaxLengthLimit:
                var length = (int)n;
                var minLength = op switch { ">=" => length, ">" => length + 1, _ => f.MinLength };
                var maxLength = op switch { "<=" => length, "<" => length - 1, _ => f.MaxLength };
                if (op is ">" or ">=" && f.MinLength is { } oldMin)
                {
                    minLength = Math.Max(oldMin, minLength ?? 0);
                }

                if (op is "<" or "<=" && f.MaxLength is { } oldMax)
                {
                    maxLength = Math.Min(oldMax, maxLength ?? oldMax);
                }

                var limited = f with { MinLength = minLength, MaxLength = maxLength };
                return maxLength is < 1 or > FieldDefaults.MaxLengthLimit || limited.MinLength > limited.EffectiveMaxLength ? null : limited;

            case FieldType.MultiChoice when Oriented(part, e => CallOnSelf(e, "count-selected")) is (var op, XNumber { Value: var n }) && decimal.Truncate(n) == n:
                var count = f.Choices?.Count ?? 0;
                var atLeast = op switch { ">=" => (int?)n, ">" => (int)n + 1, _ => f.MinSelected };
                var atMost = op switch { "<=" => (int?)n, "<" => (int)n - 1, _ => f.MaxSelected };
                return atLeast is < 0 || atLeast > count || atMost is < 1 || atMost > count || atLeast > atMost ? null : f with { MinSelected = atLeast, MaxSelected = atMost };

            case FieldType.Text when f.Pattern is null && part is XCall { Name: "regex", Args: [var subject, XString { Value: var pattern }] } && Self(subject):
                var whole = pattern.StartsWith('^') && pattern.EndsWith('$') && !pattern.EndsWith("\\$", StringComparison.Ordinal)
                    ? pattern[1..^1]
                    : ".*(?:" + pattern + ").*";
                try
                {
                    _ = new Regex(whole, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
                    _ = new Regex(@"\A(?:" + whole + @")\z", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
                }
                catch (ArgumentException)
                {
                    return null;
                }

                return f with { Pattern = whole };

            default:
                return null;
        }
    }

    private static FieldDefinition? Bounded(FieldDefinition f, decimal? min, decimal? max)
    {
        var newMin = min is { } a ? (f.Min is { } oldMin ? Math.Max(oldMin, a) : a) : f.Min;
        var newMax = max is { } b ? (f.Max is { } oldMax ? Math.Min(oldMax, b) : b) : f.Max;
        return newMin is { } lo && newMax is { } hi && lo > hi ? null : f with { Min = newMin, Max = newMax };
    }

    private static DateOnly? LiteralDate(XExpr e)
    {
        var text = e switch
        {
            XString s => s.Value,
            XCall { Name: "date", Args: [XString s] } => s.Value,
            _ => null,
        };
        return text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }

    private void AcknowledgeCheck(FormNode node, FieldDefinition field, Plan plan)
    {
        if (plan.Repeat is not null)
        {
            _log.Warning("acknowledgeInRepeat", node.Where.At("required"), node.Name,
                $"確認（acknowledge）「{node.Name}」は繰り返しの中にあるため、「はい」を選ぶことまでは求められません（回答は必須です）。",
                $"The acknowledgement \"{node.Name}\" is inside a repeat, so answering \"yes\" cannot be enforced (an answer is still required).");
            return;
        }

        var message = Localized(node.RequiredMessage, node.RequiredMessage.Where ?? node.Where.At("required_message"), null)
            ?? new LocalizedText($"「{field.Label.Ja}」を確認し、「はい」を選んでください。", $"Please confirm \"{field.Label.En ?? field.Label.Ja}\" by choosing yes.");
        _checks.Add(new CheckRule { Id = AllocateQuiet(plan.Id + "_confirmed"), Assert = $"{plan.Id} = true", Message = message, Fields = [plan.Id] });
    }

    private static string TypeName(FieldType type) =>
        System.Text.Json.JsonSerializer.Serialize(type, ProcedureJson.Options).Trim('"');

    /// <summary>"yes"/"true()" → true, "no"/"false()"/"" → false, anything else (an expression) → null.</summary>
    private static bool? IsYes(string text) => text.Trim().ToLowerInvariant() switch
    {
        "yes" or "y" or "true" or "true()" or "1" => true,
        "no" or "n" or "false" or "false()" or "0" or "" => false,
        _ => null,
    };

    private FieldDefinition ApplyRequired(FormNode node, FieldDefinition field, Scope scope)
    {
        if (node.Required is not { } required)
        {
            return field;
        }

        switch (IsYes(required.Text))
        {
            case true:
                field = field with { Required = true };
                break;
            case false:
                return field;
            default:
                field = field with { RequiredWhen = Condition(required, scope, "required", "必須条件", "required condition", "この質問は必須になりません", "the question is not required")?.Text };
                break;
        }

        if (!node.RequiredMessage.IsEmpty && node.Kind != NodeKind.Acknowledge)
        {
            _log.Warning("requiredMessage", node.RequiredMessage.Where ?? node.Where.At("required_message"), node.RequiredMessage.Any(),
                $"質問「{node.Name}」の必須メッセージ（required_message）は使わず、Madoguchiの標準のメッセージを表示します。",
                $"The required message of \"{node.Name}\" is not used; Madoguchi shows its standard message.");
        }

        return field;
    }

    private FieldDefinition ApplyAppearance(FormNode node, FieldDefinition field)
    {
        if (node.Appearance is not { } appearance)
        {
            return field;
        }

        foreach (var token in appearance.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (token.ToLowerInvariant())
            {
                case "multiline" when field.Type == FieldType.TextArea:
                    break;
                case "minimal" when field.Type == FieldType.Choice:
                    field = field with { Display = "select" };
                    break;
                default:
                    _log.Warning("unsupportedAppearance", appearance.Where, token,
                        $"質問「{node.Name}」の表示指定（appearance）「{token}」には対応していないため、標準の表示になります。",
                        $"The appearance \"{token}\" of \"{node.Name}\" is not supported; the standard display is used.");
                    break;
            }
        }

        return field;
    }

    private List<ChoiceOption> BuildChoices(FormNode node)
    {
        var choices = new List<ChoiceOption>();
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var choice in node.Choices ?? [])
        {
            if (choice.Value.Length is 0 or > 100 || choice.Value.Trim().Length != choice.Value.Length)
            {
                _log.Error("invalidChoiceValue", choice.Where.At(choice.Where.Column ?? "name"), choice.Value,
                    $"選択肢の値「{choice.Value}」は、前後に空白のない1〜100文字でないため取り込んでいません。", $"The choice value \"{choice.Value}\" is not 1–100 characters without surrounding spaces, so it was not imported.");
                continue;
            }

            if (!values.Add(choice.Value))
            {
                _log.Error("duplicateChoice", choice.Where.At(choice.Where.Column ?? "name"), choice.Value,
                    $"選択肢の値「{choice.Value}」が重複しているため、2つ目以降は取り込んでいません。", $"The choice value \"{choice.Value}\" appears more than once; only the first was imported.");
                continue;
            }

            choices.Add(new ChoiceOption { Value = choice.Value, Label = Localized(choice.Label, choice.Where.At("label"), choice.Value, reportMissing: true)! });
        }

        if (node.OrOther is { } other)
        {
            _log.Error("orOther", other.Where, other.Text,
                $"質問「{node.Name}」の「その他（or_other）」の選択肢と記入欄には対応していないため、取り込んでいません。",
                $"The \"or_other\" option and its text box of \"{node.Name}\" are not supported and were not imported.");
        }

        return choices;
    }

    private void ReportUnsupportedColumns(FormNode node, bool includeConstraint)
    {
        if (node.Default is { } value)
        {
            _log.Error("defaultValue", value.Where, value.Text,
                $"質問「{node.Name}」の初期値（default）「{value.Text}」には対応していないため、取り込んでいません。",
                $"Default values are not supported, so the default \"{value.Text}\" of \"{node.Name}\" was not imported.");
        }

        if (node.ChoiceFilter is { } filter)
        {
            _log.Error("choiceFilter", filter.Where, filter.Text,
                $"質問「{node.Name}」の選択肢の絞り込み（choice_filter）には対応していないため、常にすべての選択肢が表示されます。",
                $"Choice filters are not supported, so all choices of \"{node.Name}\" are always shown.");
        }

        if (includeConstraint && node.Constraint is { } constraint)
        {
            _log.Error("notApplicable", constraint.Where, constraint.Text,
                $"計算「{node.Name}」の制約（constraint）は使えないため、取り込んでいません。", $"A constraint on the calculate \"{node.Name}\" does not apply and was not imported.");
        }

        if (includeConstraint && node.Appearance is { } appearance)
        {
            _log.Warning("unsupportedAppearance", appearance.Where, appearance.Text,
                $"計算「{node.Name}」の表示指定（appearance）は使いません。", $"The appearance of the calculate \"{node.Name}\" is not used.");
        }
    }

    private void ReportUnusedOnGroup(FormNode node)
    {
        foreach (var (text, what) in new[] { (node.Constraint, "constraint"), (node.Calculation, "calculation"), (node.Default, "default"), (node.ChoiceFilter, "choice_filter") })
        {
            if (text is not null)
            {
                _log.Error("notApplicable", text.Where, text.Text,
                    $"グループ・繰り返し「{node.Name}」の「{what}」は使えないため、取り込んでいません。", $"\"{what}\" does not apply to the group or repeat \"{node.Name}\" and was not imported.");
            }
        }

        if (node.Required is { } required && IsYes(required.Text) != false)
        {
            _log.Error("notApplicable", required.Where, required.Text,
                $"グループ・繰り返し「{node.Name}」の必須指定（required）は使えないため、取り込んでいません。", $"\"required\" does not apply to the group or repeat \"{node.Name}\" and was not imported.");
        }

        if (node.Appearance is { } appearance)
        {
            foreach (var token in appearance.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => !t.Equals("field-list", StringComparison.OrdinalIgnoreCase)))
            {
                _log.Warning("unsupportedAppearance", appearance.Where, token,
                    $"グループ「{node.Name}」の表示指定（appearance）「{token}」には対応していないため、標準の表示になります。",
                    $"The appearance \"{token}\" of the group \"{node.Name}\" is not supported; the standard display is used.");
            }
        }
    }

    private void ReportUnusedOnNote(FormNode node)
    {
        foreach (var (text, what) in new[] { (node.Constraint, "constraint"), (node.Calculation, "calculation"), (node.Default, "default") })
        {
            if (text is not null)
            {
                _log.Error("notApplicable", text.Where, text.Text,
                    $"説明文（note）「{node.Name}」の「{what}」は使えないため、取り込んでいません。", $"\"{what}\" does not apply to the note \"{node.Name}\" and was not imported.");
            }
        }

        if (node.Appearance is { } appearance)
        {
            _log.Warning("unsupportedAppearance", appearance.Where, appearance.Text,
                $"説明文「{node.Name}」の表示指定（appearance）は使いません。", $"The appearance of the note \"{node.Name}\" is not used.");
        }
    }

    /// <summary>Parses and translates one expression; on failure reports an Error saying what is lost and returns null.</summary>
    private Rendered? Condition(SourceText? source, Scope scope, string column, string whatJa, string whatEn, string lossJa, string lossEn)
    {
        if (source is null || string.IsNullOrWhiteSpace(source.Text))
        {
            return null;
        }

        try
        {
            return _expressions.Translate(XPathParser.Parse(source.Text), scope);
        }
        catch (XPathProblem problem)
        {
            _log.Error("unsupportedExpression", source.Where.Column is null ? source.Where.At(column) : source.Where, source.Text,
                $"「{scope.Self.Name}」の{whatJa}「{source.Text}」を変換できないため、取り込んでいません{(lossJa.Length > 0 ? "（" + lossJa + "）" : "")}。{problem.Ja}",
                $"The {whatEn} \"{source.Text}\" of \"{scope.Self.Name}\" could not be translated and was not imported{(lossEn.Length > 0 ? " (" + lossEn + ")" : "")}. {problem.En}");
            return null;
        }
    }

    private void ReportDroppedCalculations()
    {
        foreach (var node in _droppedCalculations)
        {
            var source = node.Calculation!;
            string reasonJa, reasonEn;
            try
            {
                _expressions.Translate(XPathParser.Parse(source.Text), new Scope(node, _plans[node].Repeat));
                reasonJa = "";
                reasonEn = "";
            }
            catch (XPathProblem problem)
            {
                reasonJa = problem.Ja;
                reasonEn = problem.En;
            }

            _log.Error("unsupportedExpression", source.Where, source.Text,
                $"計算「{node.Name}」の計算式「{source.Text}」を変換できないため、この計算は取り込んでいません。{reasonJa}",
                $"The calculation \"{source.Text}\" of \"{node.Name}\" could not be translated, so the calculate was not imported. {reasonEn}");
        }
    }

    /// <summary>ja from Japanese (or unqualified) text, en from English; falls back to English or any text as Japanese.</summary>
    private LocalizedText? Localized(LanguageTexts texts, SourceLocation where, string? fallback, bool reportMissing = false)
    {
        var ja = texts.Get("ja") ?? texts.Get(FormLanguages.Undetermined);
        var en = texts.Get("en");
        if (ja is null && (en ?? texts.Any()) is { } other)
        {
            ja = other;
            _englishAsJapanese++;
            _firstEnglishAsJapanese ??= where;
            if (HasJapanese)
            {
                _log.Warning("missingJapanese", where, other,
                    $"日本語の文言がないため、「{other}」を日本語の欄にも使いました。", $"There is no Japanese text, so \"{other}\" is used as the Japanese text too.");
            }
        }

        if (ja is null)
        {
            if (fallback is null)
            {
                return null;
            }

            if (reportMissing)
            {
                _log.Warning("missingLabel", where, fallback,
                    $"ラベルがないため、名前「{fallback}」をラベルにしました。", $"There is no label, so the name \"{fallback}\" is used as the label.");
            }

            return new LocalizedText(fallback);
        }

        foreach (var text in new[] { ja, en })
        {
            if (text is not null && ValueReference().IsMatch(text))
            {
                _log.Warning("labelReference", where, text,
                    "文言の中で回答を差し込む「${…}」には対応していないため、そのままの文字で表示されます。", "Inserting answers into text with ${…} is not supported; it is shown as written.");
                break;
            }
        }

        return new LocalizedText(ja, en is null || en == ja ? null : en);
    }

    private bool HasJapanese => _form.LanguageSources.ContainsKey("ja") || _form.LanguageSources.ContainsKey(FormLanguages.Undetermined);

    [GeneratedRegex(@"\$\{[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex ValueReference();

    private void ReportLanguages()
    {
        foreach (var (key, (name, where)) in _form.LanguageSources)
        {
            if (key is not ("ja" or "en") && key != FormLanguages.Undetermined)
            {
                _log.Warning("unsupportedLanguage", where, name,
                    $"言語「{name}」の文言は取り込んでいません（Madoguchiの文言は日本語と英語です）。", $"Texts in \"{name}\" were not imported (Madoguchi texts are Japanese and English).");
            }
        }

        if (_englishAsJapanese > 0 && !HasJapanese)
        {
            _log.Warning("missingJapanese", _firstEnglishAsJapanese, null,
                $"フォームに日本語の文言がないため、{_englishAsJapanese}件の文言で英語（または他の言語）を日本語の欄にも使いました。翻訳してください。",
                $"The form has no Japanese texts, so {_englishAsJapanese} English (or other) texts are used as Japanese too. Please translate them.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugRule();

    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotSlugCharacters();

    private string ChooseSlug()
    {
        if (_options.Slug is { } wanted)
        {
            if (SlugRule().IsMatch(wanted))
            {
                return wanted;
            }

            _log.Error("invalidSlug", null, wanted,
                $"指定されたslug「{wanted}」は、半角英小文字・数字・ハイフンの3〜64文字でないため使えません。フォームidから作りました。",
                $"The given slug \"{wanted}\" is not 3–64 lower-case letters, digits and hyphens, so one was made from the form id.");
        }

        var source = _form.FormId?.Text ?? "";
        var slug = NotSlugCharacters().Replace(source.ToLowerInvariant(), "-").Trim('-');
        if (slug.Length > 64)
        {
            slug = slug[..64].Trim('-');
        }

        if (slug.Length < 3)
        {
            slug = slug.Length == 0 ? "imported-form" : slug + "-form";
        }

        if (slug != source)
        {
            _log.Info("slug", _form.FormId?.Where, source,
                $"フォームid「{source}」から、URLに使う名前（slug）「{slug}」を作りました。", $"The URL name (slug) \"{slug}\" was made from the form id \"{source}\".");
        }

        return slug;
    }
}
