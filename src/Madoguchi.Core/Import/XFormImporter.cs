using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Madoguchi.Core.Import;

/// <summary>
/// Imports an ODK XForm (the XML that pyxform or ODK Central produce) as a Madoguchi procedure definition, with
/// the same translation as <see cref="XlsFormImporter"/>. Issues name the element path, line and attribute.
/// Reads only the stream it is given: no DTDs, no external entities, no secondary instance files.
/// </summary>
public static partial class XFormImporter
{
    private static readonly XNamespace XForms = "http://www.w3.org/2002/xforms";
    private static readonly XNamespace Html = "http://www.w3.org/1999/xhtml";
    private static readonly XNamespace JavaRosa = "http://openrosa.org/javarosa";
    private static readonly XNamespace Odk = "http://www.opendatakit.org/xforms";

    public static ImportResult Import(Stream xml, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DepartmentJa);

        var log = new IssueLog();
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            using var reader = XmlReader.Create(xml, settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            log.Add(ImportSeverity.Error, "unreadable", new SourceLocation(null, null, null, ex.LineNumber), ex.Message,
                $"XMLとして読み取れません（{ex.LineNumber}行目付近）。", $"The file is not well-formed XML (near line {ex.LineNumber}).");
            return new ImportResult(null, log.Issues);
        }

        var reader2 = new Reader(document, log);
        return reader2.Read() is { } model ? FormTranslator.Translate(model, options, log) : new ImportResult(null, log.Issues);
    }

    /// <summary>A readable path of an element: prefixes as ODK writes them, the ref/nodeset/id that identifies it.</summary>
    private static string PathOf(XElement element)
    {
        var parts = new List<string>();
        for (var e = element; e is not null; e = e.Parent)
        {
            var name = (e.Name.Namespace == Html ? "h:" : e.Name.Namespace == JavaRosa ? "jr:" : e.Name.Namespace == Odk ? "odk:" : "") + e.Name.LocalName;
            var key = e.Attribute("ref") is { } r ? $"[@ref='{r.Value.Trim()}']"
                : e.Attribute("nodeset") is { } n ? $"[@nodeset='{n.Value.Trim()}']"
                : e.Attribute("id") is { } id ? $"[@id='{id.Value}']"
                : e.Attribute("lang") is { } lang ? $"[@lang='{lang.Value}']"
                : null;
            if (key is null && e.Parent is { } parent && parent.Elements(e.Name).Skip(1).Any())
            {
                key = "[" + (parent.Elements(e.Name).TakeWhile(x => x != e).Count() + 1).ToString(CultureInfo.InvariantCulture) + "]";
            }

            parts.Add(name + key);
        }

        parts.Reverse();
        return "/" + string.Join('/', parts);
    }

    private static SourceLocation Where(XElement element, string? attribute = null) =>
        new(null, PathOf(element), null, ((IXmlLineInfo)element).HasLineInfo() ? ((IXmlLineInfo)element).LineNumber : null, attribute);

    [GeneratedRegex(@"^\s*jr:itext\(\s*'([^']*)'\s*\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ItextReference();

    [GeneratedRegex(@"^\s*jr:itext\(\s*([A-Za-z_][\w.-]*)\s*\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ItextChild();

    [GeneratedRegex(@"^\s*instance\(\s*'([^']+)'\s*\)\s*/\s*root\s*/\s*item\s*(\[.*\])?\s*$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex ItemsetNodeset();

    [GeneratedRegex(@"^\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex WholeNumber();

    private sealed class Reader(XDocument document, IssueLog log)
    {
        private readonly XDocument _document = document;
        private readonly IssueLog _log = log;
        private readonly Dictionary<string, XElement> _binds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, XElement> _controls = new(StringComparer.Ordinal);
        private readonly Dictionary<string, XElement> _groups = new(StringComparer.Ordinal);
        private readonly Dictionary<string, XElement> _repeats = new(StringComparer.Ordinal);
        private readonly Dictionary<string, XElement> _secondary = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<string, string>> _itext = new(StringComparer.Ordinal);
        private readonly HashSet<string> _itextWithMedia = new(StringComparer.Ordinal);
        private FormModel _model = null!;

        public FormModel? Read()
        {
            var html = _document.Root;
            if (html is null || html.Name != Html + "html")
            {
                _log.Error("notXForm", html is null ? null : Where(html), html?.Name.LocalName,
                    "XFormではありません（ルート要素が h:html ではありません）。", "This is not an XForm (the root element is not h:html).");
                return null;
            }

            var head = html.Element(Html + "head");
            var model = head?.Element(XForms + "model");
            var primary = model?.Elements(XForms + "instance").FirstOrDefault(i => i.Attribute("id") is null)?.Elements().FirstOrDefault();
            if (model is null || primary is null)
            {
                _log.Error("notXForm", Where(head ?? html), null,
                    "XFormの model または主インスタンス（instance）がありません。", "The XForm has no model or no primary instance.");
                return null;
            }

            _model = new FormModel(new FormNode(primary.Name.LocalName, NodeKind.Group, Where(primary)));
            if (head!.Element(Html + "title") is { } title && !string.IsNullOrWhiteSpace(title.Value))
            {
                _model.Title = new SourceText(title.Value.Trim(), Where(title));
            }

            if (primary.Attribute("id") is { } id && !string.IsNullOrWhiteSpace(id.Value))
            {
                _model.FormId = new SourceText(id.Value.Trim(), Where(primary, "id"));
            }

            _model.Version = primary.Attribute("version")?.Value;

            ReadItext(model);
            foreach (var instance in model.Elements(XForms + "instance").Where(i => i.Attribute("id") is not null))
            {
                _secondary[instance.Attribute("id")!.Value] = instance;
            }

            foreach (var bind in model.Elements(XForms + "bind"))
            {
                if (bind.Attribute("nodeset")?.Value.Trim() is { Length: > 0 } nodeset)
                {
                    _binds.TryAdd(Normalize(nodeset, "/"), bind);
                }
            }

            if (html.Element(Html + "body") is { } body)
            {
                IndexBody(body, "/" + primary.Name.LocalName);
            }

            ReadChildren(primary, _model.Root);
            InlineLiteralRepeatCounts();
            return _model;
        }

        /// <summary>An absolute, space-free path; relative refs are taken from the enclosing group's path.</summary>
        private static string Normalize(string reference, string context)
        {
            var trimmed = reference.Trim();
            if (trimmed.StartsWith('/'))
            {
                return trimmed.TrimEnd('/');
            }

            var segments = context.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
            foreach (var step in trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (step == ".." && segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
                else if (step != ".")
                {
                    segments.Add(step);
                }
            }

            return "/" + string.Join('/', segments);
        }

        private void ReadItext(XElement model)
        {
            foreach (var translation in model.Element(XForms + "itext")?.Elements(XForms + "translation") ?? [])
            {
                var name = translation.Attribute("lang")?.Value ?? "";
                var key = FormLanguages.KeyOf(name);
                _model.LanguageSources.TryAdd(key, (name, Where(translation, "lang")));
                foreach (var text in translation.Elements(XForms + "text"))
                {
                    var textId = text.Attribute("id")?.Value;
                    if (textId is null)
                    {
                        continue;
                    }

                    foreach (var value in text.Elements(XForms + "value"))
                    {
                        var form = value.Attribute("form")?.Value;
                        if (TextOf(value) == "-")
                        {
                            continue; // pyxform's placeholder for a missing translation
                        }

                        if (form is null or "long" or "short")
                        {
                            if (form is null || !_itext.ContainsKey(textId + "\n" + key))
                            {
                                _itext[textId + "\n" + key] = new Dictionary<string, string> { [key] = TextOf(value) };
                            }
                        }
                        else if (form != "guidance")
                        {
                            _itextWithMedia.Add(textId);
                        }
                    }
                }
            }
        }

        /// <summary>Element text with output references written as ${name}, as XLSForm writes them.</summary>
        private static string TextOf(XElement element)
        {
            var builder = new StringBuilder();
            foreach (var node in element.Nodes())
            {
                switch (node)
                {
                    case XText text:
                        builder.Append(text.Value);
                        break;
                    case XElement { Name.LocalName: "output" } output:
                        var value = (output.Attribute("value")?.Value ?? "").Trim();
                        var name = value.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? value;
                        builder.Append("${").Append(name.Trim()).Append('}');
                        break;
                    case XElement other:
                        builder.Append(TextOf(other));
                        break;
                    default:
                        break;
                }
            }

            return builder.ToString().Trim();
        }

        private void IndexBody(XElement parent, string context)
        {
            foreach (var element in parent.Elements())
            {
                var local = element.Name.LocalName;
                var reference = element.Attribute(local == "repeat" ? "nodeset" : "ref")?.Value;
                var path = reference is null ? null : Normalize(reference, context);
                switch (local)
                {
                    case "group":
                        if (path is not null)
                        {
                            _groups.TryAdd(path, element);
                        }
                        else if (element.Element(XForms + "label") is not null)
                        {
                            _log.Warning("groupWithoutRef", Where(element), null,
                                "ref のない group の見出しと表示指定は取り込めません。中の質問は取り込みます。", "The title and appearance of a group without ref cannot be imported; its questions are.");
                        }

                        IndexBody(element, path ?? context);
                        break;
                    case "repeat":
                        if (path is not null)
                        {
                            _repeats.TryAdd(path, element);
                        }

                        IndexBody(element, path ?? context);
                        break;
                    case "label" or "hint" or "help":
                        break;
                    default:
                        if (path is not null)
                        {
                            _controls.TryAdd(path, element);
                        }

                        break;
                }
            }
        }

        private void ReadChildren(XElement instanceParent, FormNode parent)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var element in instanceParent.Elements())
            {
                var name = element.Name.LocalName;
                if (!seen.Add(name))
                {
                    continue; // a further instance of a repeat (or a duplicate name, which ODK does not allow)
                }

                var path = parent.Path + "/" + name;
                var node = CreateNode(element, name, path, parent == _model.Root);
                parent.Add(node);
                if (node.Kind is NodeKind.Group or NodeKind.Repeat)
                {
                    ReadChildren(element, node);
                }
            }
        }

        private FormNode CreateNode(XElement instance, string name, string path, bool topLevel)
        {
            var bind = _binds.GetValueOrDefault(path);
            var control = _controls.GetValueOrDefault(path);
            var isRepeat = _repeats.ContainsKey(path) || instance.Attribute(JavaRosa + "template") is not null;
            if (topLevel && name == "meta" && control is null && !_groups.ContainsKey(path))
            {
                return new FormNode(name, NodeKind.Metadata, Where(instance)) { TypeText = "meta (" + string.Join(", ", instance.Elements().Select(e => e.Name.LocalName)) + ")" };
            }

            if (isRepeat || instance.HasElements)
            {
                var body = isRepeat ? _repeats.GetValueOrDefault(path) : _groups.GetValueOrDefault(path);
                var wrapper = _groups.GetValueOrDefault(path);
                var node = new FormNode(name, isRepeat ? NodeKind.Repeat : NodeKind.Group, Where(body ?? instance)) { TypeText = isRepeat ? "repeat" : "group" };
                var titled = wrapper ?? body;
                if (titled is not null)
                {
                    ReadLabelAndHint(node, titled);
                    node.Appearance = Attr(titled, "appearance") ?? (body is null ? null : Attr(body, "appearance"));
                }

                if (isRepeat && body is not null)
                {
                    node.RepeatCount = Attr(body, JavaRosa + "count", "jr:count");
                }

                ReadBind(node, bind);
                return node;
            }

            if (control is null)
            {
                var where = bind is null ? Where(instance) : Where(bind);
                FormNode hidden;
                if (bind?.Attribute("calculate") is not null)
                {
                    hidden = new FormNode(name, NodeKind.Calculate, where) { TypeText = "calculate" };
                }
                else if (bind?.Attribute(JavaRosa + "preload") is { } preload)
                {
                    var parameter = bind.Attribute(JavaRosa + "preloadParams")?.Value ?? "";
                    var metadata = parameter is "start" or "end" || (preload.Value == "date" && parameter == "today");
                    hidden = new FormNode(name, metadata ? NodeKind.Metadata : NodeKind.Unsupported, where) { TypeText = $"jr:preload {preload.Value} {parameter}".Trim() };
                }
                else
                {
                    hidden = new FormNode(name, NodeKind.Hidden, where) { TypeText = "instance node without a control" };
                }

                ReadBind(hidden, bind);
                ReadDefault(hidden, instance);
                return hidden;
            }

            var type = (bind?.Attribute("type")?.Value ?? "string").Trim();
            if (type.Contains(':', StringComparison.Ordinal) && !type.StartsWith("odk:", StringComparison.Ordinal))
            {
                type = type[(type.IndexOf(':', StringComparison.Ordinal) + 1)..];
            }

            var local = control.Name.LocalName;
            var question = new FormNode(name, NodeKind.Question, Where(control)) { TypeText = local == "input" ? type : local };
            switch (local)
            {
                case "input" or "textarea":
                    switch (type)
                    {
                        case "string" when IsTrue(bind?.Attribute("readonly")?.Value) && bind?.Attribute("calculate") is null:
                            question.Kind = NodeKind.Note;
                            question.TypeText = "note";
                            break;
                        case "string":
                            question.Question = QuestionType.Text;
                            break;
                        case "int" or "integer":
                            question.Question = QuestionType.Integer;
                            break;
                        case "decimal":
                            question.Question = QuestionType.Decimal;
                            break;
                        case "date":
                            question.Question = QuestionType.Date;
                            break;
                        default:
                            question.Kind = NodeKind.Unsupported;
                            break;
                    }

                    if (local == "textarea" && question.Kind == NodeKind.Question && question.Appearance is null)
                    {
                        question.Appearance = new SourceText("multiline", Where(control));
                    }

                    break;
                case "select1" or "select":
                    question.Question = local == "select1" ? QuestionType.SelectOne : QuestionType.SelectMultiple;
                    question.TypeText = local == "select1" ? "select_one" : "select_multiple";
                    ReadChoices(question, control);
                    break;
                case "trigger":
                    question.Kind = NodeKind.Acknowledge;
                    question.TypeText = "acknowledge";
                    break;
                case "upload":
                    question.Kind = NodeKind.Unsupported;
                    question.TypeText = "upload " + (control.Attribute("mediatype")?.Value ?? "");
                    break;
                default:
                    question.Kind = NodeKind.Unsupported;
                    question.TypeText = (control.Name.Namespace == Odk ? "odk:" : "") + local;
                    break;
            }

            ReadLabelAndHint(question, control);
            question.Appearance ??= Attr(control, "appearance");
            ReadBind(question, bind);
            if (question.Kind == NodeKind.Note)
            {
                question.ReadOnly = null;
            }

            ReadDefault(question, instance);
            return question;
        }

        private static bool IsTrue(string? value) => value?.Trim() is "true()" or "true" or "yes";

        private static SourceText? Attr(XElement element, XName name, string? display = null) =>
            element.Attribute(name)?.Value is { } value && !string.IsNullOrWhiteSpace(value)
                ? new SourceText(value.Trim(), Where(element, display ?? name.LocalName))
                : null;

        private static void ReadDefault(FormNode node, XElement instance)
        {
            if (!instance.HasElements && !string.IsNullOrWhiteSpace(instance.Value))
            {
                node.Default = new SourceText(instance.Value.Trim(), Where(instance));
            }
        }

        private void ReadBind(FormNode node, XElement? bind)
        {
            if (bind is null)
            {
                return;
            }

            node.Required = Attr(bind, "required");
            node.Relevant = Attr(bind, "relevant");
            node.Constraint = Attr(bind, "constraint");
            node.Calculation = Attr(bind, "calculate");
            node.ReadOnly = Attr(bind, "readonly");
            ReadMessage(node.RequiredMessage, bind, JavaRosa + "requiredMsg", "jr:requiredMsg");
            ReadMessage(node.ConstraintMessage, bind, JavaRosa + "constraintMsg", "jr:constraintMsg");

            foreach (var attribute in bind.Attributes())
            {
                var known = attribute.Name.LocalName is "nodeset" or "type" or "required" or "relevant" or "constraint" or "calculate" or "readonly"
                    || attribute.Name == JavaRosa + "requiredMsg" || attribute.Name == JavaRosa + "constraintMsg"
                    || attribute.Name == JavaRosa + "preload" || attribute.Name == JavaRosa + "preloadParams" || attribute.IsNamespaceDeclaration;
                if (!known && node.Kind is not (NodeKind.Unsupported or NodeKind.Metadata))
                {
                    var display = (attribute.Name.Namespace == JavaRosa ? "jr:" : attribute.Name.Namespace == Odk ? "odk:" : "") + attribute.Name.LocalName;
                    _log.Error("unsupportedAttribute", Where(bind, display), attribute.Value,
                        $"bind の属性「{display}」には対応していないため、取り込んでいません。", $"The bind attribute \"{display}\" is not supported and was not imported.");
                }
            }
        }

        private void ReadMessage(LanguageTexts texts, XElement element, XName name, string display)
        {
            if (element.Attribute(name)?.Value is not { } value || string.IsNullOrWhiteSpace(value))
            {
                return;
            }

            texts.Where = Where(element, display);
            if (ItextReference().Match(value) is { Success: true } match)
            {
                FillFromItext(texts, match.Groups[1].Value, texts.Where);
            }
            else
            {
                texts.Set(FormLanguages.Undetermined, value);
            }
        }

        private void FillFromItext(LanguageTexts texts, string textId, SourceLocation where)
        {
            foreach (var (key, _) in _model.LanguageSources)
            {
                if (_itext.TryGetValue(textId + "\n" + key, out var values))
                {
                    texts.Set(key, values[key]);
                }
            }

            if (_itextWithMedia.Contains(textId))
            {
                _log.Error("unsupportedMedia", where, textId,
                    "文言に付いた画像・音声・動画（itext の form=\"image\" など）には対応していないため、取り込んでいません。",
                    "Images, audio and video attached to texts (itext values with form=\"image\" and the like) are not supported and were not imported.");
            }
        }

        private void ReadText(LanguageTexts texts, XElement? element, string display)
        {
            if (element is null)
            {
                return;
            }

            texts.Where = Where(element, display);
            if (element.Attribute("ref")?.Value is { } reference && ItextReference().Match(reference) is { Success: true } match)
            {
                FillFromItext(texts, match.Groups[1].Value, texts.Where);
            }
            else
            {
                texts.Set(FormLanguages.Undetermined, TextOf(element));
            }
        }

        private void ReadLabelAndHint(FormNode node, XElement control)
        {
            ReadText(node.Label, control.Element(XForms + "label"), "label");
            ReadText(node.Hint, control.Element(XForms + "hint"), "hint");
            if (node.Label.IsEmpty)
            {
                node.Label = new LanguageTexts();
            }
        }

        private void ReadChoices(FormNode question, XElement control)
        {
            var choices = new List<FormChoice>();
            foreach (var item in control.Elements(XForms + "item"))
            {
                var label = new LanguageTexts();
                ReadText(label, item.Element(XForms + "label"), "label");
                var value = item.Element(XForms + "value")?.Value.Trim() ?? "";
                choices.Add(new FormChoice(value, label, Where(item, "value")));
            }

            if (control.Element(XForms + "itemset") is { } itemset)
            {
                var nodeset = itemset.Attribute("nodeset")?.Value ?? "";
                var match = ItemsetNodeset().Match(nodeset);
                if (!match.Success || !_secondary.TryGetValue(match.Groups[1].Value, out var instance))
                {
                    question.Kind = NodeKind.Unsupported;
                    question.TypeText += " (itemset " + nodeset.Trim() + ")";
                    return;
                }

                if (instance.Attribute("src") is { } source)
                {
                    question.Kind = NodeKind.Unsupported;
                    question.TypeText = (question.Question == QuestionType.SelectOne ? "select_one_from_file " : "select_multiple_from_file ") + source.Value;
                    return;
                }

                if (match.Groups[2].Success)
                {
                    question.ChoiceFilter = new SourceText(match.Groups[2].Value, Where(itemset, "nodeset"));
                }

                var valueRef = itemset.Element(XForms + "value")?.Attribute("ref")?.Value.Trim() ?? "name";
                var labelRef = itemset.Element(XForms + "label")?.Attribute("ref")?.Value.Trim() ?? "label";
                var itextChild = ItextChild().Match(labelRef) is { Success: true } itextMatch ? itextMatch.Groups[1].Value : null;
                foreach (var item in instance.Elements().FirstOrDefault()?.Elements() ?? [])
                {
                    var label = new LanguageTexts { Where = Where(item) };
                    if (itextChild is not null)
                    {
                        if (item.Elements().FirstOrDefault(e => e.Name.LocalName == itextChild)?.Value.Trim() is { } textId)
                        {
                            FillFromItext(label, textId, label.Where);
                        }
                    }
                    else if (item.Elements().FirstOrDefault(e => e.Name.LocalName == labelRef) is { } labelElement)
                    {
                        label.Set(FormLanguages.Undetermined, TextOf(labelElement));
                    }

                    var value = item.Elements().FirstOrDefault(e => e.Name.LocalName == valueRef)?.Value.Trim() ?? "";
                    choices.Add(new FormChoice(value, label, Where(item, valueRef)));
                }
            }

            if (choices.Count == 0)
            {
                _log.Error("missingList", Where(control), question.Name,
                    $"選択の質問「{question.Name}」に選択肢がないため、取り込んでいません。", $"The select question \"{question.Name}\" has no choices, so it was not imported.");
                return;
            }

            question.Choices = choices;
        }

        /// <summary>
        /// pyxform writes a literal repeat_count as a hidden calculate holding the number, referenced by jr:count;
        /// such a helper is folded back into the count (as the XLSForm had it).
        /// </summary>
        private void InlineLiteralRepeatCounts()
        {
            foreach (var repeat in _model.Root.Descendants().Where(n => n.Kind == NodeKind.Repeat && n.RepeatCount is not null).ToList())
            {
                var reference = repeat.RepeatCount!.Text;
                if (!reference.StartsWith('/'))
                {
                    continue;
                }

                var path = Normalize(reference, "/");
                var helper = _model.Root.Descendants().FirstOrDefault(n => n.Path == path);
                if (helper is { Kind: NodeKind.Calculate, Calculation.Text: var literal } && WholeNumber().IsMatch(literal.Trim())
                    && !_model.Root.Descendants().Any(n => n != helper && MentionsPath(n, path, helper.Name)))
                {
                    repeat.RepeatCount = new SourceText(literal.Trim(), repeat.RepeatCount.Where);
                    helper.Parent!.Children.Remove(helper);
                }
            }
        }

        private static bool MentionsPath(FormNode node, string path, string name) =>
            new[] { node.Relevant, node.Constraint, node.Calculation, node.Required }
                .Any(t => t is not null && (t.Text.Contains(path, StringComparison.Ordinal) || t.Text.Contains("${" + name + "}", StringComparison.Ordinal)));
    }
}
