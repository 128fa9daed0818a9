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

  /* The language switch's links, made to lead on to `kept` (a query, a paragraph's anchor) after the page
     they lead to as built. */
  function languageSwitch() {
    var links = Array.prototype.map.call(document.querySelectorAll("a.language-switch"), function (link) {
      return { link: link, href: link.getAttribute("href") };
    });
    return function (kept) {
      links.forEach(function (language) {
        language.link.setAttribute("href", language.href + kept);
      });
    };
  }

  /* A paragraph a permalink or a search result opened is opened again in the other interface: an article's
     pairs have the same ids in both. */
  function setUpPlace() {
    if (!document.querySelector(".pairs")) {
      return;
    }
    var switchTo = languageSwitch();
    function keepPlace() {
      switchTo(/^#p-/.test(window.location.hash) ? window.location.hash : "");
    }
    keepPlace();
    window.addEventListener("hashchange", keepPlace);
  }

  /* Search: Pagefind's API, one engine per language. Each article page exists once per interface language
     and Pagefind indexes it as that language (the interface's own text only), so an Arabic query meets Arabic
     text stemmed as Arabic and an English one English text. Pagefind takes an engine's language from <html
     lang> when it starts, and merged bundles use the first one's stemmer: each language gets an engine of its
     own (the module imported under its own URL), started while <html lang> names that language. */
  var ARABIC_MARKS = /[\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]/g;
  var ALEFS = /[\u0622\u0623\u0625\u0671]/g;
  /* Letters a reader types one way and a text may hold another: the taa marbuta as a ha (مكالمه for مكالمة), the
     Persian and Urdu yeh and keheh (بوینت, پاکستان) as the Arabic ones, Arabic-Indic digits (١٩٩٧, ۲۰۲۲) as Latin
     ones; a Latin letter without its accent (Orban for Orbán); a typographic apostrophe, which phones type, as
     the typewriter one (Russia’s for Russia's). Pagefind's Arabic stemmer and its own folding find these pages:
     `fold` takes both spellings as one so that its answer is kept. */
  var SAME_LETTERS = { "\u0629": "\u0647", "\u06cc": "\u064a", "\u06a9": "\u0643" };
  var OTHER_LETTERS = /[\u0629\u06cc\u06a9]/g;
  var EASTERN_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;
  /* Latin letters Unicode does not take apart into a letter and a mark (Łódź, Ørsted, Straße), as a reader without
     them types them (Lodz, Orsted, Strasse): settings.py's LATIN_LETTERS_SPELT_PLAIN, the same here. The build gives
     Pagefind each word holding one spelt so (render.plain_spellings), and `fold` takes the two spellings as one. */
  var LATIN_LETTERS_SPELT_PLAIN = {
    "\u00df": "ss", "\u00e6": "ae", "\u0153": "oe", "\u00f8": "o", "\u0142": "l", "\u0111": "d", "\u00f0": "d",
    "\u00fe": "th", "\u0131": "i", "\u0127": "h", "\u0140": "l", "\u0167": "t"
  };
  var SPELT_PLAIN = new RegExp("[" + Object.keys(LATIN_LETTERS_SPELT_PLAIN).join("") + "]", "g");
  /* Invisible characters web text holds inside words and readers never type there (a soft hyphen, a zero-width
     non-joiner in a Persian word, a mark of direction): settings.py's UNSEEN_IN_WORDS, the same here. A word is
     read without them, and a query looked up without them too (`forms`); the build gives Pagefind each word holding
     one also without it (render.plain_spellings). */
  var UNSEEN_IN_WORDS = "\u00ad\u061c\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff";
  var UNSEEN = new RegExp("[" + UNSEEN_IN_WORDS + "]", "g");
  var LATIN_ACCENTS = /(?<=\p{Script=Latin}\p{M}*)\p{M}/gu;
  var APOSTROPHES = /[\u2018\u2019\u02bc\u2032]/g;
  /* A final alef maqsura written as a yeh, as Egyptian texts do (مستوي for مستوى, الري for الرى), in a word of four
     letters or more: in three, the two are other words (على "on", علي "Ali"). */
  var FINAL_MAQSURA = /(?<=\S{3})\u0649$/;
  /* A hamza on a waw or on a yeh, which spellings put one for the other (مسئول, مسؤول; شئون, شؤون). */
  var SEATED_HAMZAS = /[\u0624\u0626]/g;
  /* Punctuation at a word's ends; a mark is part of its letter (a Thai vowel: ปี is not ปา). */
  var EDGES = /^[^\p{L}\p{N}\p{M}]+|[^\p{L}\p{N}\p{M}]+$/gu;
  var PUNCTUATION_START = /^[^\p{L}\p{N}\p{M}]*/u;
  var PUNCTUATION_END = /[^\p{L}\p{N}\p{M}]*$/u;
  /* The definite article, alone or after a conjunction or preposition (الناتو, والناتو, بالناتو, للناتو). */
  var ARTICLE = /^[\u0648\u0641]?(?:\u0644\u0644|[\u0628\u0643]?\u0627\u0644)(?=\S{2})/;
  /* A conjunction and/or preposition written onto a word (وبروكسل, لبوتين, فبايدن). */
  var CLITIC = /^[\u0648\u0641]?[\u0628\u0643\u0644]?$/;
  /* Below this length a query could be the tail of an unrelated word once a letter is taken as a clitic
     ("زير" in "وزير"): such a query must start the word itself. */
  var CLITIC_MIN_LETTERS = 4;
  /* What the reader's word may have written onto it in the text, as `rest` takes it: Pagefind's Arabic stemmer
     leaves some on (a waw before an alef: وإيطاليا, والشركات; a kaf: كرذاذ), so a word is also looked up with each
     (`forms`). */
  var CLITICS = ["\u0648", "\u0641", "\u0628", "\u0643", "\u0644"];
  /* What Pagefind's Arabic stemmer may take off the start of a word it indexes, and leave on a query too short for
     it: a conjunction, a preposition, the article, alone or together (بوتين is indexed without its ب, بالمئة
     without بال, وبالتنسيق without وبال): a word the reader types only the start of is also looked up without
     them (`forms`). */
  var STEMMED_START = /^[\u0648\u0641]?(?:\u0644\u0644|[\u0628\u0643\u0644]?(?:\u0627\u0644)?)$/;
  var ARABIC_LETTERS = /^[\u0621-\u064a\u0671-\u06d3]+$/;
  var RESULTS_PER_LANGUAGE = 40;
  /* Pagefind's answer holds pages `fold` throws out (a stem or a shorter word they share with the query), ranked
     among the pages that hold it: its pages are read RESULTS_PER_LANGUAGE at a time until that many hold the
     query. Each page read is a fetch of its own (a fragment of a few kB), and a short or common query (the
     start of words, "ال", a word no page holds, which Pagefind answers with every page holding a shorter one)
     read 400 pages a language, 800 fetches and 6 s on a 1,000-article archive: a query reads this many pages
     a language, the list shown after each batch, and the page says how many it read of how many and offers
     to read on, this many more at each ask, up to PAGES_READ_PER_LANGUAGE, where it asks for a narrower query. */
  var PAGES_READ_UNASKED = 80;
  var PAGES_READ_PER_LANGUAGE = 400;
  var EXCERPT_WORDS = 30;
  /* Thai, Lao, Khmer, Myanmar, Chinese and Japanese, whose words Pagefind does not cut apart where a reader does
     (Lao, Khmer and Myanmar not at all; Thai, Chinese and Japanese by a dictionary, which keeps 熊猫 inside 大熊猫
     and เทพ inside กรุงเทพ out of reach): in their languages (the form's data-cut) the build gives it each letter of their scripts (with its
     marks) as a word, and each run of other characters between them, a hair space between each two, and a space
     the text had beside one of them as a word joiner between spaces (search.cut_letters); a query is cut the same
     way and searched for as a phrase, and the text and titles Pagefind gives back made whole again (`uncut`: it
     writes the hair spaces in the text as spaces). The scripts' letters are the code points of settings.py's
     LETTER_SCRIPTS, the same here. */
  var LETTER_SCRIPTS = [
    [0x0e00, 0x0e7f], [0x0e80, 0x0eff], [0x1000, 0x109f], [0x1780, 0x17ff], [0x19e0, 0x19ff], [0x3005, 0x3005],
    [0x3007, 0x3007], [0x3041, 0x309a], [0x309d, 0x309f], [0x30a1, 0x30fa], [0x30fc, 0x30ff], [0x31f0, 0x31ff],
    [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa9e0, 0xa9ff], [0xaa60, 0xaa7f], [0xf900, 0xfaff], [0xff66, 0xff9f],
    [0x20000, 0x2fa1f], [0x30000, 0x323af]
  ];
  var UNCUT = LETTER_SCRIPTS.map(function (range) {
    return "\\u{" + range[0].toString(16) + "}-\\u{" + range[1].toString(16) + "}";
  }).join("");
  var UNCUT_MARK = "(?=\\p{M})[" + UNCUT + "]";
  var UNCUT_BOUNDARY = new RegExp(
    "(?<=[" + UNCUT + "])(?=\\S)(?!" + UNCUT_MARK + ")|(?<=\\S)(?=[" + UNCUT + "])(?!" + UNCUT_MARK + ")", "gu"
  );
  var CUT_SPACE = new RegExp("(?<=[" + UNCUT + "]) (?=\\S)|(?<=\\S) (?=[" + UNCUT + "])", "gu");
  var CUT_MARK = /\u200a/g;
  /* The words of a cut query Pagefind's index holds as typed, so that its phrase search finds them where they are
     (letterRuns): a Chinese or Japanese letter, and a word of Latin letters and digits in either width. Pagefind
     takes the marks off a query's letters but keeps some on the letters it indexes (Thai, Lao, Khmer and Myanmar
     vowels, Latin accents), and drops what is neither letter nor digit from an indexed word but keeps it in a
     query. */
  var WHOLE_LETTER = new RegExp("^(?=[" + UNCUT + "])[\\p{scx=Han}\\p{scx=Hiragana}\\p{scx=Katakana}]$", "u");
  var WHOLE_WORD = /^[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+$/;
  var KEPT_SPACE = / \u2060 /;
  /* What the build puts at the start of each pair's text in what Pagefind indexes (render.PAIR_MARK). */
  var PAIR_MARK = "\u2063";
  /* Scripts written without spaces between words (Chinese, Japanese, Thai...): each of their letters (with its
     marks) is a word of its own here, and a term in them is found wherever its letters stand in a row, as a
     reader finds it (北京 in 他在北京工作), whatever words Pagefind cut the text into. */
  var UNSPACED = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\p{Script=Lao}" +
    "\\p{Script=Khmer}\\p{Script=Myanmar}";
  /* Letters Unicode does not count as marks go with their letter too, so that a letter is the same word
     however it was typed (`fold` makes the one from the other): half-width katakana's voiced marks (ﾞ, ﾟ),
     and Thai's and Lao's vowel AM, one letter (ຳ) or, from some keyboards, a mark and a letter (ໍ + າ). */
  var WORDS = new RegExp(
    "[" + UNSPACED + "](?:[\\p{M}\\uff9e\\uff9f\\u0e33\\u0eb3]|(?<=[\\u0e4d\\u0ecd])[\\u0e32\\u0eb2])*|[^\\s" + UNSPACED + "]+",
    "gu"
  );
  var UNSPACED_LETTER = new RegExp("[" + UNSPACED + "]", "u");
  /* What a word has after a term, when the term is only its start ("nes" of "lines" for "li"). */
  var LETTER_START = /^[\p{L}\p{N}\p{M}]/u;
  /* An excerpt around a match in an unspaced script, in letters: thirty of them are half a sentence. */
  var EXCERPT_LETTERS = 80;

  /* Letters written in two widths (ＪＲ and JR, ｺﾝﾋﾟｭｰﾀｰ and コンピューター): Pagefind finds a word only in the
     width it was written in, so a query is also looked up in its other widths: narrowed (NFKC) in
     every language, and in the languages that write both (the form's data-widths) made wide and its katakana
     half-width (`forms`); `fold` (NFKC) then matches them as one. Each half-width katakana (with its voiced mark) is
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

  /* The forms a query is looked up in: as typed; in its other widths (above); with Latin digits (Pagefind's
     English index holds ١٩٩٧ as typed); in Arabic letters without their vowel marks and in Persian ones (its index holds بوینت apart from
     بوينت); with a hamza on a waw for one on a yeh and the other way (its stemmer holds مسؤول apart from
     مسئول); with a final ha as a taa marbuta and the other way (جهه finds no جهة, a word too short for it to
     stem); each word without the article and what is written onto it (Pagefind's stemmer leaves a page
     holding الناتو out of what it finds for والناتو), and an Arabic word with each of CLITICS written onto it,
     with and without the article, a word at a time; and each Arabic word without what the stemmer may take off
     its start (STEMMED_START): a word that is nothing else is left out, and a query of nothing else is every
     page (""). `fold` then keeps what matches the query. */
  function forms(query, both) {
    var narrowed = query.normalize("NFKC");
    var arabic = latinDigits(narrowed).replace(ARABIC_MARKS, "").replace(OTHER_LETTERS, function (letter) {
      return letter === "\u0629" ? letter : SAME_LETTERS[letter];
    });
    var forms = [query, narrowed, arabic, arabic.replace(/\u064a/g, "\u06cc").replace(/\u0643/g, "\u06a9")];
    forms.push(query.replace(UNSEEN, ""));
    forms.push(arabic.replace(/\u0626/g, "\u0624"), arabic.replace(/\u0624/g, "\u0626"));
    forms.push(arabic.replace(/\u0647(?=\s|$)/g, "\u0629"), arabic.replace(/\u0629(?=\s|$)/g, "\u0647"));
    var words = arabic.split(/\s+/);
    forms.push(words.map(function (word) { return word.replace(ARTICLE, ""); }).join(" "));
    words.forEach(function (word, index) {
      if (!ARABIC_LETTERS.test(word) || word.length < CLITIC_MIN_LETTERS) {
        return;
      }
      /* للشركات: الشركات; عالم: also العالم, which the English index (a quoted Arabic word) does not stem */
      var bases = ARTICLE.test(word) ? ["\u0627\u0644" + word.replace(ARTICLE, "")] : [word, "\u0627\u0644" + word];
      bases.forEach(function (base) {
        [""].concat(CLITICS).forEach(function (clitic) {
          var written = clitic === "\u0644" && base.indexOf("\u0627\u0644") === 0 ? clitic + base.slice(1) : clitic + base;
          forms.push(words.slice(0, index).concat([written], words.slice(index + 1)).join(" "));
        });
      });
    });
    words.forEach(function (word, index) {
      if (!ARABIC_LETTERS.test(word)) {
        return;
      }
      for (var length = 1; length <= word.length; length += 1) {
        if (STEMMED_START.test(word.slice(0, length))) {
          var unstemmed = word.slice(length) ? [word.slice(length)] : [];
          forms.push(words.slice(0, index).concat(unstemmed, words.slice(index + 1)).join(" "));
        }
      }
    });
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
      return piece.replace(CUT_SPACE, "");
    }).join(" ");
  }

  function latinDigits(text) {
    return text.replace(EASTERN_DIGITS, function (digit) {
      return String.fromCharCode(0x30 + (digit.charCodeAt(0) & 0xf));
    });
  }

  function fold(word) {
    return latinDigits(word.normalize("NFD").replace(LATIN_ACCENTS, "").normalize("NFKC").toLowerCase())
      .replace(SPELT_PLAIN, function (letter) { return LATIN_LETTERS_SPELT_PLAIN[letter]; })
      .replace(UNSEEN, "")
      .replace(ARABIC_MARKS, "")
      .replace(ALEFS, "\u0627")
      .replace(OTHER_LETTERS, function (letter) { return SAME_LETTERS[letter]; })
      .replace(APOSTROPHES, "'")
      .replace(SEATED_HAMZAS, "\u0621")
      .replace(EDGES, "")
      .replace(FINAL_MAQSURA, "\u064a");
  }

  /* Pagefind answers a word it does not hold with pages holding a shorter word ("Tokyo" finds "to"), and
     stems: a page is shown only when every word searched for starts one of its words, as typed, after the
     Arabic article on the page's side, or after a conjunction or preposition written onto the word; a query
     with the article finds the word written without it (الناتو in حلف ناتو, وناتو) as that word alone, since the
     start of a longer one is another word there (الأوكراني is not أوكرانيا, العراق not عراقي). Returns what the
     word has after the term ("" when it is the term), null when the term does not start it. */
  function rest(term, word) {
    if (word.indexOf(term) === 0) {
      return word.slice(term.length);
    }
    var bare = word.replace(ARTICLE, "");
    var bareTerm = term.replace(ARTICLE, "");
    if (bare !== word && bare.indexOf(bareTerm) === 0) {
      return bare.slice(bareTerm.length);
    }
    if (bareTerm !== term) {
      var clitic = word.slice(0, Math.max(0, word.length - bareTerm.length));
      var cliticFits = !clitic || bareTerm.length >= CLITIC_MIN_LETTERS;
      return word.slice(clitic.length) === bareTerm && CLITIC.test(clitic) && cliticFits ? "" : null;
    }
    if (term.length < CLITIC_MIN_LETTERS) {
      return null;
    }
    for (var length = 1; length <= 2; length += 1) {
      if (CLITIC.test(word.slice(0, length)) && word.slice(length).indexOf(term) === 0) {
        return word.slice(length + term.length);
      }
    }
    return null;
  }

  /* Where a hyphen or dash joins two words ("al-Kharabsheh", "Jordan-Iraq", "الأردن-العراق"): Pagefind indexes
     each, and a reader searches for each (Kharabsheh, Iraq), so each is a word here, the hyphen kept on the
     first and no space after it, so that an excerpt writes them joined again. */
  var JOINED = /(?<=[\p{L}\p{N}\p{M}][-\u2010\u2011\u2013\u2014])(?=[\p{L}\p{N}])/u;

  /* The words of a text, each with whether a space follows it and `pair`, the pair it is in. */
  function words(text, pair) {
    var found = [];
    var match;
    WORDS.lastIndex = 0;
    while ((match = WORDS.exec(text)) !== null) {
      var spaced = /\s/.test(text.charAt(match.index + match[0].length));
      match[0].split(JOINED).forEach(function (part, index, parts) {
        found.push({ text: part, spaced: index === parts.length - 1 && spaced, pair: pair });
      });
    }
    return found;
  }

  /* The words of a page as Pagefind gives its text, each with its pair: the build starts each pair's text with
     PAIR_MARK (render.search_input), and Pagefind anchors each pair, in the order of the text, at the element
     that holds it. The title, before the first, is in no pair (""). A mark the text itself held would put
     the pairs out of step with their anchors: then no word is given a pair. */
  function pageWords(data, cut) {
    var anchors = (data.anchors || []).filter(function (anchor) {
      return anchor.id && anchor.id.indexOf("p-") === 0;
    }).sort(function (one, other) { return one.location - other.location; });
    var pieces = data.content.split(PAIR_MARK);
    var inStep = pieces.length === anchors.length + 1;
    return [].concat.apply([], pieces.map(function (piece, index) {
      return words(cut ? uncut(piece) : piece, inStep && index ? anchors[index - 1].id : "");
    }));
  }

  /* A term searched for: its folded words, without the punctuation at either end. */
  function termWords(typed) {
    var folded = words(typed, "").map(function (word) { return fold(word.text); });
    while (folded.length && !folded[0]) {
      folded.shift();
    }
    while (folded.length && !folded[folded.length - 1]) {
      folded.pop();
    }
    return folded;
  }

  /* Whether the words from `position` on are the term's: one word as `rest` says, several (letters of an
     unspaced script) each the term's in a row, the last one started by the term's last. Returns null when
     they are not, else whether they are the term as a word of its own ("Li" in "Li," or "Li's", not in
     "lines"): a term that only starts a word is the weakest evidence of it. */
  function matchAt(term, folded, position) {
    if (term.length === 1) {
      var after = rest(term[0], folded[position]);
      return after === null ? null : !LETTER_START.test(after);
    }
    if (position + term.length > folded.length) {
      return null;
    }
    for (var offset = 0; offset + 1 < term.length; offset += 1) {
      if (folded[position + offset] !== term[offset]) {
        return null;
      }
    }
    return folded[position + term.length - 1].indexOf(term[term.length - 1]) === 0 ? true : null;
  }

  /* Where each term stands in the folded words (its first word's position, its words, whether as a word of
     its own), term by term; null when a term stands nowhere, and the page does not hold the query. */
  function occurrences(terms, folded) {
    var found = terms.map(function (term) {
      var standing = [];
      folded.forEach(function (word, position) {
        var whole = matchAt(term, folded, position);
        if (whole !== null) {
          standing.push({ position: position, end: position + term.length - 1, whole: whole });
        }
      });
      return standing;
    });
    return found.every(function (standing) { return standing.length; }) ? found : null;
  }

  /* The best place for a result to open at and quote: a span of words holding every term, each from `found` (where
     it stands), ranked by whether the span is in one pair (of the `text`'s words: a span across two would
     open the first for a query the next completes), by how many terms stand there as words of their own,
     whether the terms stand there as the query, one after the other, or at least in its order, then the
     shortest span, then the first. Each span starts at a term's place and takes each other term's nearest place
     after it: the shortest span starting there; and each starts at a place of the first term and takes each
     next term's nearest place after the one before: the query's order, which the nearest places miss for a
     query repeating a word ("day after day" took its first "day" for its last). The span says whether it is
     the query itself (`phrase`): in one pair, its terms words of their own, one after the other in its order. */
  function bestSpan(found, text) {
    var best = null;
    var bestRank = null;
    function consider(picked) {
      if (picked.indexOf(null) >= 0) {
        return;
      }
      var start = Math.min.apply(null, picked.map(function (place) { return place.position; }));
      var end = Math.max.apply(null, picked.map(function (place) { return place.end; }));
      var ordered = picked.every(function (place, index) {
        return !index || place.position > picked[index - 1].end;
      });
      var adjacent = picked.every(function (place, index) {
        return !index || place.position === picked[index - 1].end + 1;
      });
      var rank = [
        text[start].pair === text[end].pair ? 1 : 0,
        picked.filter(function (place) { return place.whole; }).length,
        adjacent && ordered ? 1 : 0,
        ordered ? 1 : 0,
        start - end,
        -start
      ];
      if (bestRank === null || isBetter(rank, bestRank)) {
        best = { start: start, end: end, picked: picked };
        best.phrase = rank[0] === 1 && rank[1] === found.length && rank[2] === 1;
        bestRank = rank;
      }
    }
    function firstFrom(standing, position) {
      var before = leading(standing, function (place) { return place.position < position; });
      return before < standing.length ? standing[before] : null;
    }
    found.forEach(function (startingTerm) {
      startingTerm.forEach(function (start) {
        consider(found.map(function (standing) { return firstFrom(standing, start.position); }));
      });
    });
    found[0].forEach(function (start) {
      var picked = [start];
      for (var index = 1; index < found.length && picked[index - 1]; index += 1) {
        picked.push(firstFrom(found[index], picked[index - 1].end + 1));
      }
      consider(picked); /* a null in it, where a term stands nowhere after the one before */
    });
    return best;
  }

  /* How many of `items` from the first on pass `test`, which passes a leading run of them and no other: a
     binary search. A big page's result (a million words in 20,000 paragraphs, two terms standing 20,000 times
     each) otherwise looked through every anchor for each word and every place for each place: 34 s of a frozen
     page for one result. */
  function leading(items, test) {
    var low = 0;
    var high = items.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (test(items[middle])) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  function isBetter(rank, other) {
    for (var index = 0; index < rank.length; index += 1) {
      if (rank[index] !== other[index]) {
        return rank[index] > other[index];
      }
    }
    return false;
  }

  /* The words to mark: the span's, and every other place a term stands as a word of its own. */
  function markedPositions(found, span) {
    var marked = {};
    found.forEach(function (standing) {
      standing.forEach(function (place) {
        if (place.whole || span.picked.indexOf(place) >= 0) {
          for (var position = place.position; position <= place.end; position += 1) {
            marked[position] = true;
          }
        }
      });
    });
    return marked;
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

  /* The text around the span, within the pair (or pairs) it stands in, each run of marked words marked (a name
     in an unspaced script as one). Words of the title or of a neighbouring pair, quoted with the match, read
     as one sentence with it ("… and NATO Russian Foreign Minister Sergei Lavrov told"). */
  function excerpt(text, span, marked, language, direction) {
    var paragraph = element("p", "search-excerpt");
    paragraph.lang = language;
    paragraph.dir = direction;
    var from = span.start;
    while (from > 0 && text[from - 1].pair === text[span.start].pair) {
      from -= 1;
    }
    var to = span.end + 1;
    while (to < text.length && text[to].pair === text[span.end].pair) {
      to += 1;
    }
    var length = UNSPACED_LETTER.test(text[span.start].text) ? EXCERPT_LETTERS : EXCERPT_WORDS;
    /* a third of it before the span, less when that would cut the span's end off */
    var before = Math.min(Math.floor(length / 3), Math.max(0, length - 1 - (span.end - span.start)));
    var first = Math.max(from, span.start - before);
    var last = Math.min(to, first + length);
    if (first > from) {
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
    if (last < to) {
      paragraph.appendChild(document.createTextNode(" …"));
    }
    Array.prototype.forEach.call(paragraph.querySelectorAll("mark"), settle);
    return paragraph;
  }

  /* A mark holds the words found, not the punctuation at its edges ("Hua," "بكورونا:" «بوتين»), which is the
     sentence's: that is put beside it. */
  function settle(mark) {
    var text = mark.textContent;
    var lead = text.match(PUNCTUATION_START)[0];
    var tail = text.slice(lead.length).match(PUNCTUATION_END)[0];
    if (lead.length === text.length) {
      return;
    }
    if (lead) {
      mark.parentNode.insertBefore(document.createTextNode(lead), mark);
    }
    if (tail) {
      mark.parentNode.insertBefore(document.createTextNode(tail), mark.nextSibling);
    }
    mark.textContent = text.slice(lead.length, text.length - tail.length);
  }

  /* The article page a match is on, in this interface: Pagefind gives the indexed one (the other interface's,
     for the other language), relative for the first bundle and absolute for merged ones. */
  function pageOf(state, match) {
    var path = new URL(match.data.url, window.location.href).pathname;
    return path.slice(state.rootPath.length + (state.prefixes[match.language] || "").length);
  }

  /* Whether Pagefind gave the page from the language's own index. It answers a language a bundle has no index
     of (an interface whose pages hold no translation yet) from the bundle's biggest language instead: an
     Arabic page found as if English was listed twice and linked to ar/ar/. A language's own pages are
     `<its interface's prefix>articles/<page>`; another language taken from them has its code as their query. */
  function indexedAs(state, data, language) {
    var url = new URL(data.url, window.location.href);
    var prefix = state.prefixes[language] || "";
    var path = url.pathname.slice(state.rootPath.length);
    var query = state.own[language] ? "" : "?" + language;
    return url.search === query && path.indexOf(prefix) === 0 && path.slice(prefix.length).split("/").length === 2;
  }

  /* An article's result: its titles, a link to the pair of its first match (the best), and each match's
     excerpt in its own language and direction (an article's Arabic and English are indexed apart). */
  function resultItem(state, page, matches) {
    var item = element("li", "search-result");
    var first = matches[0];
    var link = element("a", "search-result-link");
    var pair = first.text[first.span.start].pair;
    link.href = state.home + page + (pair ? "#" + pair : "");
    var meta = first.data.meta || {};
    /* The placeholder only where the page shows one (ArticleSummary.title_awaited): an article without a
       headline has no title to translate. */
    var titles = [["source", meta.source_title], ["target", meta.target_title]];
    titles.filter(function (title) { return title[1] || meta.title_awaited; }).forEach(function (title) {
      var code = state[title[0]];
      title[1] = state.cut[first.language] && title[1] ? uncut(title[1]) : title[1];
      var span = element("span", "search-result-title title-" + title[0], title[1] || state.titlePlaceholder);
      span.lang = title[1] ? code : document.documentElement.lang;
      span.dir = title[1] ? state.directions[code] || "auto" : "auto";
      link.appendChild(span);
    });
    item.appendChild(link);
    matches.forEach(function (match) {
      var marked = markedPositions(match.found, match.span);
      var direction = state.directions[match.language] || "auto";
      item.appendChild(excerpt(match.text, match.span, marked, match.language, direction));
    });
    return item;
  }

  /* One result an article, its matches in the order they come (the best first), in the order of its first. */
  function articleResults(state, matches) {
    var byPage = {};
    var pages = [];
    matches.forEach(function (match) {
      var page = pageOf(state, match);
      if (!byPage[page]) {
        byPage[page] = [];
        pages.push(page);
      }
      byPage[page].push(match);
    });
    return pages.map(function (page) { return resultItem(state, page, byPage[page]); });
  }

  /* Where a page Pagefind gave holds the query's `terms` (its words, where each term stands, the span to quote,
     and its `rank`: 2 where it holds the query itself, 1 where each term stands somewhere as a word of its own,
     else 0), null when it does not hold them. */
  function matchFor(state, data, language, terms) {
    if (!indexedAs(state, data, language)) {
      return null;
    }
    var text = pageWords(data, state.cut[language]);
    var found = occurrences(terms, text.map(function (word) { return fold(word.text); }));
    if (!found) {
      return null;
    }
    var span = bestSpan(found, text);
    var whole = found.every(function (standing) {
      return standing.some(function (place) { return place.whole; });
    });
    var rank = span.phrase ? 2 : whole ? 1 : 0;
    return { data: data, language: language, text: text, found: found, span: span, rank: rank };
  }

  /* The matches by rank, each rank in the order it came in: those holding the query itself first ("World Health
     Organization" in one sentence before its three words apart), then those holding each of its words as a word
     of its own ("US" before "usually", "people's" before "peoples"). Pagefind ranks a page by how often the
     stems of the query's words stand in it, so a page saying "peoples" three times came before the one saying
     "people's". */
  var RANKS = [2, 1, 0];
  function ranked(matches) {
    return [].concat.apply([], RANKS.map(function (rank) {
      return matches.filter(function (match) { return match.rank === rank; });
    }));
  }

  /* The matches of a language's pages read so far, its best RESULTS_PER_LANGUAGE by rank. */
  function languageMatches(reading) {
    return ranked(reading.matches).slice(0, RESULTS_PER_LANGUAGE);
  }

  /* Whether a language's pages are worth reading on: fewer than RESULTS_PER_LANGUAGE hold the query itself
     (RANKS), so that one holding it may stand unread behind pages that hold less of it. */
  function readingOn(reading) {
    var best = reading.matches.filter(function (match) { return match.rank === RANKS[0]; }).length;
    return best < RESULTS_PER_LANGUAGE && reading.read < reading.results.length;
  }

  /* The list as the pages read so far make it; once `done`, the status line (written last: it says the list
     is there) and, where pages are left unread, how many were read of how many and the way to read on. */
  function show(state, query, done) {
    var items = articleResults(state, ranked([].concat.apply([], query.readings.map(languageMatches))));
    state.list.textContent = "";
    items.forEach(function (item) { state.list.appendChild(item); });
    if (!done) {
      return;
    }
    var read = 0;
    var found = 0;
    var more = false;
    query.readings.forEach(function (reading) {
      read += reading.read;
      found += reading.found;
      more = more || (readingOn(reading) && reading.read < PAGES_READ_PER_LANGUAGE);
    });
    var left = query.readings.some(readingOn);
    state.more.hidden = !left;
    state.moreText.textContent = left ? (more ? state.partLabel : state.boundLabel)
      .replace("{read}", read.toLocaleString(document.documentElement.lang))
      .replace("{found}", found.toLocaleString(document.documentElement.lang)) : "";
    state.moreButton.hidden = !more;
    state.status.textContent = items.length ? state.resultsLabel.replace("{count}", String(items.length)) : state.none;
  }

  /* Reads a language's pages RESULTS_PER_LANGUAGE at a time, up to `until` of them, while worth it (readingOn)
     and while the query is the newest: a newer query typed meanwhile shows its own results, and this one's
     further pages are not fetched. The list is shown after each batch another follows, so that the first
     results are there while the next pages are read. */
  function read(state, query, reading, until) {
    if (query.serial !== state.serial || !readingOn(reading) || reading.read >= until) {
      return Promise.resolve();
    }
    var batch = reading.results.slice(reading.read, Math.min(until, reading.read + RESULTS_PER_LANGUAGE));
    reading.read += batch.length;
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      pages.forEach(function (data) {
        var match = matchFor(state, data, reading.language, query.terms);
        if (match) {
          reading.matches.push(match);
        }
      });
      /* the last batch's list is shown once, done */
      if (query.serial === state.serial && readingOn(reading) && reading.read < until) {
        show(state, query, false);
      }
      return read(state, query, reading, until);
    });
  }

  /* Reads on in every language, each up to `pages` more pages, then shows the list as done. */
  function readOn(state, query, pages) {
    return Promise.all(query.readings.map(function (reading) {
      return read(state, query, reading, Math.min(PAGES_READ_PER_LANGUAGE, reading.read + pages));
    })).then(function () {
      if (query.serial === state.serial) {
        show(state, query, true);
      }
    });
  }

  /* Whether a page holding `form` as its words holds the query's `terms` as words of their own, as matchFor
     reads a page: the query as typed, spelt otherwise, or with the article; not the query without a conjunction
     written onto it (فيت of وفيت) nor a short one with one (ومصر of مصر). */
  function holdsTerms(form, terms) {
    var found = occurrences(terms, words(form, "").map(function (word) { return fold(word.text); }));
    return Boolean(found) && found.every(function (standing) {
      return standing.some(function (place) { return place.whole; });
    });
  }

  /* The runs of a cut form's words that a page holding the form holds in a row (`terms`: each term's words, as
     UNCUT_BOUNDARY cuts them), as Pagefind's phrase search asks for them: its index gives each word of the cut
     text a place of its own (punctuation too: in 上海·浦东 the dot takes one), so the phrase search of a run
     finds exactly the pages holding its words in a row, and a page that lacks one of the form's runs does not hold
     the form. A run holds only words the index holds as typed (WHOLE_LETTER, WHOLE_WORD), not the term's last
     word unless it is a letter (a word of Latin letters or digits may start a longer one: "Mate6" of Mate60). */
  function letterRuns(terms) {
    var runs = [];
    terms.forEach(function (term) {
      var run = [];
      term.forEach(function (word, index) {
        var last = index + 1 === term.length;
        var whole = WHOLE_LETTER.test(word) || (!last && WHOLE_WORD.test(word));
        if (whole) {
          run.push(word);
        }
        if ((!whole || last) && run.length) {
          runs.push(run.join(" "));
          run = [];
        }
      });
    });
    return runs.filter(function (run, index) { return runs.indexOf(run) === index; });
  }

  /* The pages each form's search found (`searches`: for each form its ranked search; where the form holds the
     query (holdsTerms) its phrase search, in quotes, which finds the pages whose index holds the form's words
     themselves, their stems, not only longer words they start; and in a language whose letters are cut, the
     phrase search of each of its runs (letterRuns), which a page must all pass), each page once: first those a
     phrase search of a whole form found, then the rest, each kind in the order its first finding form ranked
     it. Pagefind ranks a page holding only a longer word the query starts ("warnings", "warehouse" for "war",
     المصرف for مصر) by how often it stands and how short the page is, the longer word discounted by its length
     alone: 220 short pages saying "warnings" three times came before the long pages saying "war" once, and these
     were left unread, past the pages a query reads unasked. A cut form's ranked search gives every page holding
     its letters anywhere: 80 pages of Chinese read for 北京 where no page has 北 and 京 in a row. */
  function readingOrder(searches) {
    var exact = {};
    searches.forEach(function (search) {
      (search.phrase ? search.phrase.results : []).forEach(function (result) {
        exact[result.id] = true;
      });
    });
    var seen = {};
    var results = [].concat.apply([], searches.map(function (search) {
      var runs = search.runs.map(function (run) {
        var found = {};
        run.results.forEach(function (result) {
          found[result.id] = true;
        });
        return found;
      });
      return search.ranked.results.filter(function (result) {
        return runs.every(function (found) { return found[result.id]; });
      });
    }));
    results = results.filter(function (result) {
      return !seen[result.id] && (seen[result.id] = true);
    });
    return results.filter(function (result) { return exact[result.id]; }).concat(results.filter(function (result) {
      return !exact[result.id];
    }));
  }

  /* Each bundle's word lists (toolkit/site/word_list.py): for each language, its pages' words folded as `fold` folds
     them, each with the pages holding it, in shards by key, and an index of the pages and of each shard's first
     key. Pagefind names the word a page matched only in the page's fragment, a fetch of its own, and answers a
     query with pages holding its stem or a shorter word ("Tokyo" finds "to"): every page it gave was fetched to
     be told apart, and a query no page holds fetched pages before it said so. A page is now read only when the
     lists say it holds every term (`holdsTerms`' rule: `rest` for a word, each letter in turn for an unspaced
     script's). A word whose keys run over more than SHARDS_PER_WORD shards of a bundle (the start of many words:
     "a", "ال") is left to the pages themselves there, as before. */
  var SITE_WORDS_INDEX = "index.words";
  var SHARDS_PER_WORD = 3;

  /* A word list's file: gzip'd JSON, or JSON a server inflated already (sent as Content-Encoding: gzip). */
  function readWords(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) {
        throw new Error(url + ": " + response.status);
      }
      return response.arrayBuffer();
    }).then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
        return JSON.parse(new TextDecoder().decode(bytes));
      }
      return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).json();
    });
  }

  /* The bundles' word list indexes, each page's bundle by its fragment id, read from the one file beside the
     bundles that holds them all (SITE_WORDS_INDEX: one request, whatever the number of bundles); null where it
     cannot be read (a browser without DecompressionStream): then every page Pagefind gives is read, as before the
     lists. */
  function wordLists(state) {
    if (!state.wordLists) {
      state.wordLists = readWords(new URL("../" + SITE_WORDS_INDEX, state.bundles[0]).href).then(function (indexes) {
        var bundleOf = {};
        indexes.forEach(function (index, bundle) {
          Object.keys(index).forEach(function (language) {
            index[language].pages.forEach(function (page) {
              bundleOf[page] = bundle;
            });
          });
        });
        return { bundles: state.bundles, indexes: indexes, bundleOf: bundleOf, shards: {} };
      }).catch(function () {
        return null;
      });
    }
    return state.wordLists;
  }

  /* The numbers of the shards whose keys may start with `key`: the one a key before it starts, and those after
     it whose first key starts with it (a key's entries may run over the end of a shard). */
  function shardsFor(firstKeys, key) {
    var first = Math.max(0, leading(firstKeys, function (shardKey) { return shardKey < key; }) - 1);
    var numbers = [first];
    for (var number = first + 1; number < firstKeys.length && firstKeys[number].indexOf(key) === 0; number += 1) {
      numbers.push(number);
    }
    return numbers;
  }

  /* How a term's words are looked up: each key with the test a listed word must pass. */
  function lookups(term) {
    if (term.length === 1) {
      var word = term[0];
      return [word, word.replace(ARTICLE, "")].filter(function (key, index, keys) {
        return keys.indexOf(key) === index;
      }).map(function (key) {
        return { key: key, holds: function (listed) { return rest(word, listed) !== null; } };
      });
    }
    return term.map(function (letter) {
      return { key: letter, holds: function (listed) { return listed.indexOf(letter) === 0; }, each: true };
    });
  }

  /* A shard of a bundle's list, read once. */
  function shard(lists, bundle, language, number) {
    var url = new URL("words/" + language + "-" + number + ".words", lists.bundles[bundle]).href;
    return lists.shards[url] || (lists.shards[url] = readWords(url));
  }

  /* The pages (by number in the bundle's list of `language`) holding a lookup's key as it asks. */
  function lookedUp(lists, bundle, language, lookup) {
    return Promise.all(lookup.shards.map(function (number) {
      return shard(lists, bundle, language, number);
    })).then(function (shards) {
      var pages = {};
      shards.forEach(function (entries) {
        entries.forEach(function (entry) {
          if (entry[0].indexOf(lookup.key) === 0 && lookup.holds(entry[1] || entry[0])) {
            entry.slice(2).forEach(function (number) { pages[number] = true; });
          }
        });
      });
      return pages;
    });
  }

  /* The fragment ids of a bundle's pages in `language` that hold each term its list can tell (a term whose
     lookups run over more than SHARDS_PER_WORD shards each is left to the pages). */
  function bundleHolders(lists, bundle, language, terms) {
    var key = language.toLowerCase();
    var list = lists.indexes[bundle][key];
    if (!list) {
      return Promise.resolve({});
    }
    var told = terms.map(function (term) {
      return lookups(term).map(function (lookup) {
        lookup.shards = shardsFor(list.shards, lookup.key);
        return lookup;
      });
    }).filter(function (termLookups) {
      return termLookups.every(function (lookup) { return lookup.shards.length <= SHARDS_PER_WORD; });
    });
    return Promise.all(told.map(function (termLookups) {
      return Promise.all(termLookups.map(function (lookup) {
        return lookedUp(lists, bundle, key, lookup);
      })).then(function (found) {
        /* a word of an unspaced script: each of its letters; else either lookup */
        return found.reduce(termLookups[0].each ? both : either);
      });
    })).then(function (byTerm) {
      var held = {};
      list.pages.forEach(function (page, number) {
        if (byTerm.every(function (pages) { return pages[number]; })) {
          held[page] = true;
        }
      });
      return held;
    });
  }

  function both(one, other) {
    var kept = {};
    Object.keys(one).forEach(function (key) {
      if (other[key]) {
        kept[key] = true;
      }
    });
    return kept;
  }

  function either(one, other) {
    return Object.assign({}, one, other);
  }

  /* The results (Pagefind's, for a language) whose pages the word lists say hold the query's `terms`: only their
     bundles' shards are read. A page no list names is kept, for the page itself to tell. */
  function heldResults(state, language, terms, results) {
    return wordLists(state).then(function (lists) {
      if (!lists || !results.length) {
        return results;
      }
      var bundles = [];
      results.forEach(function (result) {
        var bundle = lists.bundleOf[result.id];
        if (bundle !== undefined && bundles.indexOf(bundle) < 0) {
          bundles.push(bundle);
        }
      });
      return Promise.all(bundles.map(function (bundle) {
        return bundleHolders(lists, bundle, language, terms);
      })).then(function (held) {
        var holders = held.reduce(either, {});
        return results.filter(function (result) {
          return lists.bundleOf[result.id] === undefined || holders[result.id];
        });
      }, function () {
        return results; /* a shard that cannot be read: the pages tell */
      });
    });
  }

  function runSearch(state, typed, languages) {
    var terms = typed.split(/\s+/).map(termWords).filter(function (words) { return words.length; });
    var serial = (state.serial += 1);
    state.more.hidden = true;
    if (!terms.length) {
      state.list.textContent = "";
      state.status.textContent = "";
      state.query = null;
      return Promise.resolve();
    }
    wordLists(state); /* read while Pagefind searches */
    return Promise.all(languages.map(function (language) {
      return engine(state, language).then(function (pagefind) {
        var phrases = {};
        function phrase(words) {
          return phrases[words] || (phrases[words] = pagefind.search('"' + words + '"'));
        }
        return Promise.all(forms(typed, state.widths[language]).map(function (form) {
          var asked = state.cut[language] ? form.replace(UNCUT_BOUNDARY, " ") : form;
          var runs = state.cut[language] ? letterRuns(form.trim().split(/\s+/).map(function (term) {
            return term.replace(UNCUT_BOUNDARY, " ").split(" ");
          })) : [];
          /* null: every page, in Pagefind's words */
          return Promise.all([
            pagefind.search(asked || null),
            asked && holdsTerms(form, terms) ? phrase(asked) : null,
            Promise.all(runs.map(phrase))
          ]).then(function (found) {
            return { ranked: found[0], phrase: found[1], runs: found[2] };
          });
        }));
      }).then(function (searches) {
        return heldResults(state, language, terms, readingOrder(searches));
      }).then(function (results) {
        return { language: language, results: results, found: results.length, read: 0, matches: [] };
      });
    })).then(function (readings) {
      if (serial !== state.serial) {
        return; /* a newer query has been typed meanwhile */
      }
      state.query = { serial: serial, terms: terms, readings: readings };
      return readOn(state, state.query, PAGES_READ_UNASKED);
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
      titlePlaceholder: form.getAttribute("data-title-placeholder"),
      resultsLabel: form.getAttribute("data-results"),
      none: form.getAttribute("data-none"),
      prefixes: {},
      own: {},
      directions: {},
      cut: {},
      widths: {},
      bundles: form.getAttribute("data-bundles").split(" ").map(function (path) {
        return new URL(path, root).href;
      }),
      list: form.querySelector(".search-results"),
      status: form.querySelector(".search-status"),
      more: form.querySelector(".search-more"),
      moreText: form.querySelector(".search-more-text"),
      moreButton: form.querySelector(".search-more button"),
      partLabel: form.getAttribute("data-part"),
      boundLabel: form.getAttribute("data-bound"),
      query: null
    };
    state.moreButton.addEventListener("click", function () {
      var query = state.query;
      if (query && query.serial === state.serial) {
        state.more.hidden = true;
        state.status.textContent = "";
        readOn(state, query, PAGES_READ_UNASKED);
      }
    });
    form.getAttribute("data-cut").split(" ").forEach(function (language) {
      state.cut[language] = true;
    });
    form.getAttribute("data-widths").split(" ").forEach(function (language) {
      state.widths[language] = true;
    });
    form.getAttribute("data-own").split(" ").forEach(function (language) {
      state.own[language] = true;
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
    /* The query stands in the page's address and in the language switch's, so that a reload, the back button
       from a result and the other interface's search page show the same search. */
    var switchTo = languageSwitch();
    function keepQuery(query) {
      var kept = query ? "?q=" + encodeURIComponent(query) : "";
      window.history.replaceState(null, "", window.location.pathname + kept);
      switchTo(kept);
    }
    function search() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var query = input.value.trim();
        keepQuery(query);
        runSearch(state, query, chosen());
      }, 150);
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      search();
    });
    input.addEventListener("input", search);
    /* The language chosen; the query's own change event (as it loses focus, to the button that reads on) would
       search again from the first page. */
    form.addEventListener("change", function (event) {
      if (event.target.name === "language") {
        search();
      }
    });
    var asked = new URLSearchParams(window.location.search).get("q");
    if (asked) {
      input.value = asked;
      search();
    }
  }

  function start() {
    setUpToggle();
    setUpHighlight();
    setUpPlace();
    setUpSearch();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
