/* Progressive enhancement only: every page reads fully without this file. */
(function () {
  "use strict";

  var VIEW_KEY = "toolkit-view";
  var VIEWS = ["both", "source", "target"];

  function storedView() {
    try {
      return window.localStorage.getItem(VIEW_KEY);
    } catch (error) {
      return null; /* storage off (private mode, file: pages): the toggle still works, unremembered */
    }
  }

  function storeView(view) {
    try {
      window.localStorage.setItem(VIEW_KEY, view);
    } catch (error) {
      /* see storedView */
    }
  }

  function applyView(toggle, view) {
    if (VIEWS.indexOf(view) < 0) {
      view = "both";
    }
    document.documentElement.setAttribute("data-view", view);
    var radio = toggle.querySelector('input[value="' + view + '"]');
    if (radio) {
      radio.checked = true;
    }
  }

  function setUpToggle() {
    var toggle = document.querySelector(".view-toggle");
    if (!toggle) {
      return;
    }
    applyView(toggle, storedView());
    toggle.addEventListener("change", function (event) {
      applyView(toggle, event.target.value);
      storeView(event.target.value);
    });
  }

  function cellOf(node) {
    return node && node.closest ? node.closest(".cell") : null;
  }

  function highlight(cell, on) {
    var pair = cell.parentElement;
    pair.classList.toggle("is-active", on);
    Array.prototype.forEach.call(pair.children, function (other) {
      other.classList.toggle("is-partner", on && other !== cell);
    });
  }

  function setUpHighlight() {
    var pairs = document.querySelector(".pairs");
    if (!pairs) {
      return;
    }
    function follow(on) {
      return function (event) {
        var cell = cellOf(event.target);
        var into = cellOf(event.relatedTarget);
        if (cell && cell !== into) {
          highlight(cell, on);
        }
      };
    }
    pairs.addEventListener("mouseover", follow(true));
    pairs.addEventListener("mouseout", follow(false));
    pairs.addEventListener("focusin", follow(true));
    pairs.addEventListener("focusout", follow(false));
  }

  /* Search: Pagefind's API, one engine per language. Each article page exists once per interface language
     and Pagefind indexes it as that language (the interface's own text only), so an Arabic query meets Arabic
     text stemmed as Arabic and an English one English text. Pagefind takes an engine's language from <html
     lang> when it starts, and merged bundles use the first one's stemmer: each language gets an engine of its
     own (the module imported under its own URL), started while <html lang> names that language. */
  var ARABIC_MARKS = /[\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]/g;
  var ALEFS = /[\u0622\u0623\u0625\u0671]/g;
  /* Punctuation at a word's ends; a mark is part of its letter (a Thai vowel: ปี is not ปา). */
  var EDGES = /^[^\p{L}\p{N}\p{M}]+|[^\p{L}\p{N}\p{M}]+$/gu;
  /* The definite article, alone or after a conjunction or preposition (الناتو, والناتو, بالناتو, للناتو). */
  var ARTICLE = /^[\u0648\u0641]?(?:\u0644\u0644|[\u0628\u0643]?\u0627\u0644)(?=\S{2})/;
  /* A conjunction and/or preposition written onto a word (وبروكسل, لبوتين, فبايدن). */
  var CLITIC = /^[\u0648\u0641]?[\u0628\u0643\u0644]?$/;
  /* Below this length a query could be the tail of an unrelated word once a letter is taken as a clitic
     ("زير" in "وزير"): such a query must start the word itself. */
  var CLITIC_MIN_LETTERS = 4;
  var RESULTS_PER_LANGUAGE = 40;
  var EXCERPT_WORDS = 30;
  /* Lao, Khmer and Myanmar, which no Pagefind cuts into words: in their languages (the form's data-cut) the
     build gives it each of their letters (with its marks) as a word, a hair space after it, and a space the
     text had between two of them as a word joiner between spaces (search.cut_letters); a query is cut the same
     way, and the text and titles Pagefind gives back made whole again (`uncut`: it writes the hair spaces in
     the text as spaces). */
  var UNCUT = "\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}";
  var UNCUT_BOUNDARY = new RegExp("([" + UNCUT + "])(?=[" + UNCUT + "])(?!\\p{M})", "gu");
  var CUT_SPACE = new RegExp("([" + UNCUT + "]) (?=[" + UNCUT + "])", "gu");
  var CUT_MARK = /\u200a/g;
  var KEPT_SPACE = / \u2060 /;
  /* Scripts written without spaces between words (Chinese, Japanese, Thai...): each of their letters (with its
     marks) is a word of its own here, and a term in them is found wherever its letters stand in a row, as a
     reader finds it (北京 in 他在北京工作), whatever words Pagefind cut the text into. */
  var UNSPACED = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}" + UNCUT;
  /* Letters Unicode does not count as marks go with their letter too, so that a letter is the same word
     however it was typed (`fold` makes the one from the other): half-width katakana's voiced marks (ﾞ, ﾟ),
     and Thai's and Lao's vowel AM, one letter (ຳ) or, from some keyboards, a mark and a letter (ໍ + າ). */
  var WORDS = new RegExp(
    "[" + UNSPACED + "](?:[\\p{M}\\uff9e\\uff9f\\u0e33\\u0eb3]|(?<=[\\u0e4d\\u0ecd])[\\u0e32\\u0eb2])*|[^\\s" + UNSPACED + "]+",
    "gu"
  );
  var UNSPACED_LETTER = new RegExp("[" + UNSPACED + "]", "u");
  /* An excerpt around a match in an unspaced script, in letters: thirty of them are half a sentence. */
  var EXCERPT_LETTERS = 80;

  /* Letters written in two widths (ＪＲ and JR, ｺﾝﾋﾟｭｰﾀｰ and コンピューター): Pagefind finds a word only in the
     width it was written in, so a query is also looked up in its other widths (`widths`): narrowed (NFKC) in
     every language, and in the languages that write both (the form's data-widths) made wide and its katakana
     half-width; `fold` (NFKC) then matches them as one. Each half-width katakana (with its voiced mark) is
     read off NFKC, which makes the full-width one of it. */
  var NARROW_KANA = {};
  for (var code = 0xff61; code <= 0xff9d; code += 1) {
    ["", "\uff9e", "\uff9f"].forEach(function (mark) {
      var narrow = String.fromCharCode(code) + mark;
      var wide = narrow.normalize("NFKC");
      if (wide.length === 1 && !NARROW_KANA[wide]) {
        NARROW_KANA[wide] = narrow;
      }
    });
  }

  function widths(query, both) {
    var narrowed = query.normalize("NFKC");
    var forms = [query, narrowed];
    if (both) {
      forms.push(narrowed.replace(/[0-9A-Za-z]/g, function (letter) {
        return String.fromCharCode(letter.charCodeAt(0) + 0xfee0);
      }));
      forms.push(narrowed.replace(/[\u3001-\u30ff]/g, function (letter) { return NARROW_KANA[letter] || letter; }));
    }
    return forms.filter(function (form, index) { return forms.indexOf(form) === index; });
  }

  function uncut(text) {
    return text.replace(CUT_MARK, " ").split(KEPT_SPACE).map(function (piece) {
      return piece.replace(CUT_SPACE, "$1");
    }).join(" ");
  }

  function fold(word) {
    return word.normalize("NFKC").toLowerCase().replace(ARABIC_MARKS, "").replace(ALEFS, "\u0627").replace(EDGES, "");
  }

  /* Pagefind answers a word it does not hold with pages holding a shorter word ("Tokyo" finds "to"), and
     stems: a page is shown only when every word searched for starts one of its words, as typed, after the
     Arabic article on either side, or after a conjunction or preposition written onto the word. */
  function matches(term, word) {
    if (word.indexOf(term) === 0) {
      return true;
    }
    var bare = word.replace(ARTICLE, "");
    if (bare !== word && bare.indexOf(term.replace(ARTICLE, "")) === 0) {
      return true;
    }
    if (term.length < CLITIC_MIN_LETTERS) {
      return false;
    }
    for (var length = 1; length <= 2; length += 1) {
      if (CLITIC.test(word.slice(0, length)) && word.slice(length).indexOf(term) === 0) {
        return true;
      }
    }
    return false;
  }

  /* The words of a text, each with whether a space follows it. */
  function words(text) {
    var found = [];
    var match;
    WORDS.lastIndex = 0;
    while ((match = WORDS.exec(text)) !== null) {
      found.push({ text: match[0], spaced: /\s/.test(text.charAt(match.index + match[0].length)) });
    }
    return found;
  }

  /* A term searched for: its folded words, without the punctuation at either end. */
  function termWords(typed) {
    var folded = words(typed).map(function (word) { return fold(word.text); });
    while (folded.length && !folded[0]) {
      folded.shift();
    }
    while (folded.length && !folded[folded.length - 1]) {
      folded.pop();
    }
    return folded;
  }

  /* Whether the words from `position` on are the term's: one word as `matches` says, several (letters of an
     unspaced script) each the term's in a row, the last one started by the term's last. */
  function matchesAt(term, folded, position) {
    if (term.length === 1) {
      return matches(term[0], folded[position]);
    }
    if (position + term.length > folded.length) {
      return false;
    }
    for (var offset = 0; offset + 1 < term.length; offset += 1) {
      if (folded[position + offset] !== term[offset]) {
        return false;
      }
    }
    return folded[position + term.length - 1].indexOf(term[term.length - 1]) === 0;
  }

  function matchingPositions(terms, folded) {
    var found = [];
    var missing = terms.filter(function (term) {
      var hit = false;
      folded.forEach(function (word, position) {
        if (matchesAt(term, folded, position)) {
          hit = true;
          for (var offset = 0; offset < term.length; offset += 1) {
            found.push(position + offset);
          }
        }
      });
      return !hit;
    });
    return missing.length ? null : found.sort(function (a, b) { return a - b; });
  }

  function engine(state, language) {
    if (!state.engines[language]) {
      /* Pagefind keys a language's index in lower case ("zh-hant"), and looks it up as given. */
      var indexed = language.toLowerCase();
      state.engines[language] = import(state.bundles[0] + "pagefind.js?" + language).then(function (pagefind) {
        var html = document.documentElement;
        var shown = html.lang;
        return pagefind.options({ baseUrl: state.rootPath, excerptLength: EXCERPT_WORDS }).then(function () {
          html.lang = indexed;
          var started;
          try {
            started = pagefind.init();
          } finally {
            html.lang = shown;
          }
          return started;
        }).then(function () {
          return Promise.all(state.bundles.slice(1).map(function (bundle) {
            return pagefind.mergeIndex(bundle, { language: indexed });
          }));
        }).then(function () {
          return pagefind;
        });
      });
    }
    return state.engines[language];
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  /* The text around the first match, each run of matching words marked (a name in an unspaced script as one). */
  function excerpt(text, positions, language, direction) {
    var paragraph = element("p", "search-excerpt");
    paragraph.lang = language;
    paragraph.dir = direction;
    var length = UNSPACED_LETTER.test(text[positions[0]].text) ? EXCERPT_LETTERS : EXCERPT_WORDS;
    var first = Math.max(0, positions[0] - Math.floor(length / 3));
    var last = Math.min(text.length, first + length);
    var marked = {};
    positions.forEach(function (position) { marked[position] = true; });
    if (first > 0) {
      paragraph.appendChild(document.createTextNode("… "));
    }
    var mark = null;
    for (var position = first; position < last; position += 1) {
      var word = text[position];
      if (!marked[position]) {
        mark = null;
        paragraph.appendChild(document.createTextNode(word.text));
      } else if (mark) {
        mark.textContent += word.text;
      } else {
        mark = paragraph.appendChild(element("mark", "", word.text));
      }
      if (word.spaced && position + 1 < last) {
        mark = null;
        paragraph.appendChild(document.createTextNode(" "));
      }
    }
    if (last < text.length) {
      paragraph.appendChild(document.createTextNode(" …"));
    }
    return paragraph;
  }

  /* The pair a match is in: the last pair anchor Pagefind saw at or before the first matching word. */
  function pairAnchor(data) {
    var at = data.locations && data.locations.length ? data.locations[0] : 0;
    var found = "";
    (data.anchors || []).forEach(function (anchor) {
      if (anchor.id && anchor.id.indexOf("p-") === 0 && anchor.location <= at) {
        found = anchor.id;
      }
    });
    return found ? "#" + found : "";
  }

  function resultItem(state, data, language, positions, text) {
    var item = element("li", "search-result");
    /* The page in this interface: Pagefind gives the indexed one (the other interface's, for the other
       language), relative for the first bundle and absolute for merged ones. */
    var path = new URL(data.url, window.location.href).pathname;
    var page = path.slice(state.rootPath.length + (state.prefixes[language] || "").length);
    var link = element("a", "search-result-link");
    link.href = state.home + page + pairAnchor(data);
    var meta = data.meta || {};
    [["source", meta.source_title], ["target", meta.target_title]].forEach(function (title) {
      var code = state[title[0]];
      title[1] = state.cut[language] && title[1] ? uncut(title[1]) : title[1];
      var span = element("span", "search-result-title title-" + title[0], title[1] || state.untitled);
      span.lang = title[1] ? code : document.documentElement.lang;
      span.dir = title[1] ? state.directions[code] || "auto" : "auto";
      link.appendChild(span);
    });
    item.appendChild(link);
    item.appendChild(excerpt(text, positions, language, state.directions[language] || "auto"));
    return item;
  }

  function runSearch(state, query, languages) {
    var terms = query.split(/\s+/).map(termWords).filter(function (words) { return words.length; });
    var serial = (state.serial += 1);
    if (!terms.length) {
      state.list.textContent = "";
      state.status.textContent = "";
      return Promise.resolve();
    }
    return Promise.all(languages.map(function (language) {
      return engine(state, language).then(function (pagefind) {
        return Promise.all(widths(query, state.widths[language]).map(function (form) {
          return pagefind.search(state.cut[language] ? form.replace(UNCUT_BOUNDARY, "$1 ") : form);
        }));
      }).then(function (searches) {
        /* Each page once, in the order its first finding form ranked it. */
        var seen = {};
        var results = [].concat.apply([], searches.map(function (search) { return search.results; }));
        return Promise.all(results.filter(function (result) {
          return !seen[result.id] && (seen[result.id] = true);
        }).slice(0, RESULTS_PER_LANGUAGE).map(function (result) {
          return result.data();
        }));
      }).then(function (pages) {
        return pages.map(function (data) {
          var text = words(state.cut[language] ? uncut(data.content) : data.content);
          var positions = matchingPositions(terms, text.map(function (word) { return fold(word.text); }));
          return positions ? resultItem(state, data, language, positions, text) : null;
        }).filter(Boolean);
      });
    })).then(function (lists) {
      if (serial !== state.serial) {
        return; /* a newer query has been typed meanwhile */
      }
      var items = [].concat.apply([], lists);
      state.list.textContent = "";
      items.forEach(function (item) { state.list.appendChild(item); });
      state.status.textContent = items.length ? state.resultsLabel.replace("{count}", String(items.length)) : state.none;
    });
  }

  function setUpSearch() {
    var form = document.getElementById("search");
    if (!form) {
      return;
    }
    if (window.location.protocol === "file:") {
      /* browsers refuse the index fetches a page opened from disk makes */
      var note = document.querySelector(".search-note");
      note.textContent = note.getAttribute("data-file-note");
      note.hidden = false;
      form.hidden = true;
      return;
    }
    var root = new URL(form.getAttribute("data-root") || ".", document.baseURI);
    var languages = form.getAttribute("data-languages").split(" ");
    var prefixes = form.getAttribute("data-prefixes").split(" ");
    var directions = form.getAttribute("data-directions").split(" ");
    var state = {
      engines: {},
      serial: 0,
      rootPath: root.pathname,
      home: form.getAttribute("data-home"),
      source: form.getAttribute("data-source"),
      target: form.getAttribute("data-target"),
      untitled: form.getAttribute("data-untitled"),
      resultsLabel: form.getAttribute("data-results"),
      none: form.getAttribute("data-none"),
      prefixes: {},
      directions: {},
      cut: {},
      widths: {},
      bundles: form.getAttribute("data-bundles").split(" ").map(function (path) {
        return new URL(path, root).href;
      }),
      list: form.querySelector(".search-results"),
      status: form.querySelector(".search-status")
    };
    form.getAttribute("data-cut").split(" ").forEach(function (language) {
      state.cut[language] = true;
    });
    form.getAttribute("data-widths").split(" ").forEach(function (language) {
      state.widths[language] = true;
    });
    languages.forEach(function (language, index) {
      state.prefixes[language] = prefixes[index] === undefined ? "" : prefixes[index];
      state.directions[language] = directions[index];
    });
    var input = form.querySelector("input[type=search]");
    var timer = null;
    function chosen() {
      var picked = form.querySelector("input[name=language]:checked");
      return picked && picked.value ? [picked.value] : languages;
    }
    function search() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        runSearch(state, input.value.trim(), chosen());
      }, 150);
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      search();
    });
    input.addEventListener("input", search);
    form.addEventListener("change", search);
    var asked = new URLSearchParams(window.location.search).get("q");
    if (asked) {
      input.value = asked;
      search();
    }
  }

  function start() {
    setUpToggle();
    setUpHighlight();
    setUpSearch();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
