// The story's slug as the headline is typed, by the rules of core/slugs.py:
// dashes and slashes separate words ("Wang Yi–Lavrov talks" -> wang-yi-lavrov-talks),
// Hangul is romanised ("김정은 방중" -> gimjeongeun-bangjung), and a headline in Chinese
// or Japanese leaves the slug empty: the server makes it when the story is saved.
"use strict";
(function () {
  const urlify = window.URLify;
  if (!urlify) {
    return;
  }
  const SEPARATORS = /[\u2010-\u2015\u2212\u2043/\\|·•]+/g;
  const HAN_OR_KANA = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  const INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"];
  const VOWELS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"];
  const FINALS = ["", "g", "kk", "gs", "n", "nj", "nh", "d", "l", "lg", "lm", "lb", "ls", "lt", "lp", "lh", "m", "b", "bs", "s", "ss", "ng", "j", "ch", "k", "t", "p", "h"];

  function romaniseHangul(text) {
    return text.replace(/[\uac00-\ud7a3]/g, function (syllable) {
      const index = syllable.charCodeAt(0) - 0xac00;
      return INITIALS[Math.floor(index / 588)] + VOWELS[Math.floor((index % 588) / 28)] + FINALS[index % 28];
    });
  }

  window.URLify = function (text, maxLength, allowUnicode) {
    if (HAN_OR_KANA.test(text)) {
      return "";
    }
    return urlify(romaniseHangul(text.replace(SEPARATORS, " ")), maxLength, allowUnicode);
  };
})();
