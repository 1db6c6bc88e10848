/* MMM-WeasleyClock — built from src/ by `npm run build`; do not edit. */
"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __commonJS = (cb, mod) => function __require() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// node_modules/qrcode/lib/can-promise.js
var require_can_promise = __commonJS({
  "node_modules/qrcode/lib/can-promise.js"(exports2, module2) {
    module2.exports = function() {
      return typeof Promise === "function" && Promise.prototype && Promise.prototype.then;
    };
  }
});

// node_modules/qrcode/lib/core/utils.js
var require_utils = __commonJS({
  "node_modules/qrcode/lib/core/utils.js"(exports2) {
    var toSJISFunction;
    var CODEWORDS_COUNT = [
      0,
      // Not used
      26,
      44,
      70,
      100,
      134,
      172,
      196,
      242,
      292,
      346,
      404,
      466,
      532,
      581,
      655,
      733,
      815,
      901,
      991,
      1085,
      1156,
      1258,
      1364,
      1474,
      1588,
      1706,
      1828,
      1921,
      2051,
      2185,
      2323,
      2465,
      2611,
      2761,
      2876,
      3034,
      3196,
      3362,
      3532,
      3706
    ];
    exports2.getSymbolSize = function getSymbolSize(version2) {
      if (!version2) throw new Error('"version" cannot be null or undefined');
      if (version2 < 1 || version2 > 40) throw new Error('"version" should be in range from 1 to 40');
      return version2 * 4 + 17;
    };
    exports2.getSymbolTotalCodewords = function getSymbolTotalCodewords(version2) {
      return CODEWORDS_COUNT[version2];
    };
    exports2.getBCHDigit = function(data) {
      let digit = 0;
      while (data !== 0) {
        digit++;
        data >>>= 1;
      }
      return digit;
    };
    exports2.setToSJISFunction = function setToSJISFunction(f) {
      if (typeof f !== "function") {
        throw new Error('"toSJISFunc" is not a valid function.');
      }
      toSJISFunction = f;
    };
    exports2.isKanjiModeEnabled = function() {
      return typeof toSJISFunction !== "undefined";
    };
    exports2.toSJIS = function toSJIS(kanji) {
      return toSJISFunction(kanji);
    };
  }
});

// node_modules/qrcode/lib/core/error-correction-level.js
var require_error_correction_level = __commonJS({
  "node_modules/qrcode/lib/core/error-correction-level.js"(exports2) {
    exports2.L = { bit: 1 };
    exports2.M = { bit: 0 };
    exports2.Q = { bit: 3 };
    exports2.H = { bit: 2 };
    function fromString(string) {
      if (typeof string !== "string") {
        throw new Error("Param is not a string");
      }
      const lcStr = string.toLowerCase();
      switch (lcStr) {
        case "l":
        case "low":
          return exports2.L;
        case "m":
        case "medium":
          return exports2.M;
        case "q":
        case "quartile":
          return exports2.Q;
        case "h":
        case "high":
          return exports2.H;
        default:
          throw new Error("Unknown EC Level: " + string);
      }
    }
    exports2.isValid = function isValid(level) {
      return level && typeof level.bit !== "undefined" && level.bit >= 0 && level.bit < 4;
    };
    exports2.from = function from(value, defaultValue) {
      if (exports2.isValid(value)) {
        return value;
      }
      try {
        return fromString(value);
      } catch (e) {
        return defaultValue;
      }
    };
  }
});

// node_modules/qrcode/lib/core/bit-buffer.js
var require_bit_buffer = __commonJS({
  "node_modules/qrcode/lib/core/bit-buffer.js"(exports2, module2) {
    function BitBuffer() {
      this.buffer = [];
      this.length = 0;
    }
    BitBuffer.prototype = {
      get: function(index) {
        const bufIndex = Math.floor(index / 8);
        return (this.buffer[bufIndex] >>> 7 - index % 8 & 1) === 1;
      },
      put: function(num, length) {
        for (let i = 0; i < length; i++) {
          this.putBit((num >>> length - i - 1 & 1) === 1);
        }
      },
      getLengthInBits: function() {
        return this.length;
      },
      putBit: function(bit) {
        const bufIndex = Math.floor(this.length / 8);
        if (this.buffer.length <= bufIndex) {
          this.buffer.push(0);
        }
        if (bit) {
          this.buffer[bufIndex] |= 128 >>> this.length % 8;
        }
        this.length++;
      }
    };
    module2.exports = BitBuffer;
  }
});

// node_modules/qrcode/lib/core/bit-matrix.js
var require_bit_matrix = __commonJS({
  "node_modules/qrcode/lib/core/bit-matrix.js"(exports2, module2) {
    function BitMatrix(size) {
      if (!size || size < 1) {
        throw new Error("BitMatrix size must be defined and greater than 0");
      }
      this.size = size;
      this.data = new Uint8Array(size * size);
      this.reservedBit = new Uint8Array(size * size);
    }
    BitMatrix.prototype.set = function(row, col, value, reserved) {
      const index = row * this.size + col;
      this.data[index] = value;
      if (reserved) this.reservedBit[index] = true;
    };
    BitMatrix.prototype.get = function(row, col) {
      return this.data[row * this.size + col];
    };
    BitMatrix.prototype.xor = function(row, col, value) {
      this.data[row * this.size + col] ^= value;
    };
    BitMatrix.prototype.isReserved = function(row, col) {
      return this.reservedBit[row * this.size + col];
    };
    module2.exports = BitMatrix;
  }
});

// node_modules/qrcode/lib/core/alignment-pattern.js
var require_alignment_pattern = __commonJS({
  "node_modules/qrcode/lib/core/alignment-pattern.js"(exports2) {
    var getSymbolSize = require_utils().getSymbolSize;
    exports2.getRowColCoords = function getRowColCoords(version2) {
      if (version2 === 1) return [];
      const posCount = Math.floor(version2 / 7) + 2;
      const size = getSymbolSize(version2);
      const intervals = size === 145 ? 26 : Math.ceil((size - 13) / (2 * posCount - 2)) * 2;
      const positions = [size - 7];
      for (let i = 1; i < posCount - 1; i++) {
        positions[i] = positions[i - 1] - intervals;
      }
      positions.push(6);
      return positions.reverse();
    };
    exports2.getPositions = function getPositions(version2) {
      const coords = [];
      const pos = exports2.getRowColCoords(version2);
      const posLength = pos.length;
      for (let i = 0; i < posLength; i++) {
        for (let j = 0; j < posLength; j++) {
          if (i === 0 && j === 0 || // top-left
          i === 0 && j === posLength - 1 || // bottom-left
          i === posLength - 1 && j === 0) {
            continue;
          }
          coords.push([pos[i], pos[j]]);
        }
      }
      return coords;
    };
  }
});

// node_modules/qrcode/lib/core/finder-pattern.js
var require_finder_pattern = __commonJS({
  "node_modules/qrcode/lib/core/finder-pattern.js"(exports2) {
    var getSymbolSize = require_utils().getSymbolSize;
    var FINDER_PATTERN_SIZE = 7;
    exports2.getPositions = function getPositions(version2) {
      const size = getSymbolSize(version2);
      return [
        // top-left
        [0, 0],
        // top-right
        [size - FINDER_PATTERN_SIZE, 0],
        // bottom-left
        [0, size - FINDER_PATTERN_SIZE]
      ];
    };
  }
});

// node_modules/qrcode/lib/core/mask-pattern.js
var require_mask_pattern = __commonJS({
  "node_modules/qrcode/lib/core/mask-pattern.js"(exports2) {
    exports2.Patterns = {
      PATTERN000: 0,
      PATTERN001: 1,
      PATTERN010: 2,
      PATTERN011: 3,
      PATTERN100: 4,
      PATTERN101: 5,
      PATTERN110: 6,
      PATTERN111: 7
    };
    var PenaltyScores = {
      N1: 3,
      N2: 3,
      N3: 40,
      N4: 10
    };
    exports2.isValid = function isValid(mask) {
      return mask != null && mask !== "" && !isNaN(mask) && mask >= 0 && mask <= 7;
    };
    exports2.from = function from(value) {
      return exports2.isValid(value) ? parseInt(value, 10) : void 0;
    };
    exports2.getPenaltyN1 = function getPenaltyN1(data) {
      const size = data.size;
      let points = 0;
      let sameCountCol = 0;
      let sameCountRow = 0;
      let lastCol = null;
      let lastRow = null;
      for (let row = 0; row < size; row++) {
        sameCountCol = sameCountRow = 0;
        lastCol = lastRow = null;
        for (let col = 0; col < size; col++) {
          let module3 = data.get(row, col);
          if (module3 === lastCol) {
            sameCountCol++;
          } else {
            if (sameCountCol >= 5) points += PenaltyScores.N1 + (sameCountCol - 5);
            lastCol = module3;
            sameCountCol = 1;
          }
          module3 = data.get(col, row);
          if (module3 === lastRow) {
            sameCountRow++;
          } else {
            if (sameCountRow >= 5) points += PenaltyScores.N1 + (sameCountRow - 5);
            lastRow = module3;
            sameCountRow = 1;
          }
        }
        if (sameCountCol >= 5) points += PenaltyScores.N1 + (sameCountCol - 5);
        if (sameCountRow >= 5) points += PenaltyScores.N1 + (sameCountRow - 5);
      }
      return points;
    };
    exports2.getPenaltyN2 = function getPenaltyN2(data) {
      const size = data.size;
      let points = 0;
      for (let row = 0; row < size - 1; row++) {
        for (let col = 0; col < size - 1; col++) {
          const last = data.get(row, col) + data.get(row, col + 1) + data.get(row + 1, col) + data.get(row + 1, col + 1);
          if (last === 4 || last === 0) points++;
        }
      }
      return points * PenaltyScores.N2;
    };
    exports2.getPenaltyN3 = function getPenaltyN3(data) {
      const size = data.size;
      let points = 0;
      let bitsCol = 0;
      let bitsRow = 0;
      for (let row = 0; row < size; row++) {
        bitsCol = bitsRow = 0;
        for (let col = 0; col < size; col++) {
          bitsCol = bitsCol << 1 & 2047 | data.get(row, col);
          if (col >= 10 && (bitsCol === 1488 || bitsCol === 93)) points++;
          bitsRow = bitsRow << 1 & 2047 | data.get(col, row);
          if (col >= 10 && (bitsRow === 1488 || bitsRow === 93)) points++;
        }
      }
      return points * PenaltyScores.N3;
    };
    exports2.getPenaltyN4 = function getPenaltyN4(data) {
      let darkCount = 0;
      const modulesCount = data.data.length;
      for (let i = 0; i < modulesCount; i++) darkCount += data.data[i];
      const k = Math.abs(Math.ceil(darkCount * 100 / modulesCount / 5) - 10);
      return k * PenaltyScores.N4;
    };
    function getMaskAt(maskPattern, i, j) {
      switch (maskPattern) {
        case exports2.Patterns.PATTERN000:
          return (i + j) % 2 === 0;
        case exports2.Patterns.PATTERN001:
          return i % 2 === 0;
        case exports2.Patterns.PATTERN010:
          return j % 3 === 0;
        case exports2.Patterns.PATTERN011:
          return (i + j) % 3 === 0;
        case exports2.Patterns.PATTERN100:
          return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
        case exports2.Patterns.PATTERN101:
          return i * j % 2 + i * j % 3 === 0;
        case exports2.Patterns.PATTERN110:
          return (i * j % 2 + i * j % 3) % 2 === 0;
        case exports2.Patterns.PATTERN111:
          return (i * j % 3 + (i + j) % 2) % 2 === 0;
        default:
          throw new Error("bad maskPattern:" + maskPattern);
      }
    }
    exports2.applyMask = function applyMask(pattern, data) {
      const size = data.size;
      for (let col = 0; col < size; col++) {
        for (let row = 0; row < size; row++) {
          if (data.isReserved(row, col)) continue;
          data.xor(row, col, getMaskAt(pattern, row, col));
        }
      }
    };
    exports2.getBestMask = function getBestMask(data, setupFormatFunc) {
      const numPatterns = Object.keys(exports2.Patterns).length;
      let bestPattern = 0;
      let lowerPenalty = Infinity;
      for (let p = 0; p < numPatterns; p++) {
        setupFormatFunc(p);
        exports2.applyMask(p, data);
        const penalty = exports2.getPenaltyN1(data) + exports2.getPenaltyN2(data) + exports2.getPenaltyN3(data) + exports2.getPenaltyN4(data);
        exports2.applyMask(p, data);
        if (penalty < lowerPenalty) {
          lowerPenalty = penalty;
          bestPattern = p;
        }
      }
      return bestPattern;
    };
  }
});

// node_modules/qrcode/lib/core/error-correction-code.js
var require_error_correction_code = __commonJS({
  "node_modules/qrcode/lib/core/error-correction-code.js"(exports2) {
    var ECLevel = require_error_correction_level();
    var EC_BLOCKS_TABLE = [
      // L  M  Q  H
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      2,
      2,
      1,
      2,
      2,
      4,
      1,
      2,
      4,
      4,
      2,
      4,
      4,
      4,
      2,
      4,
      6,
      5,
      2,
      4,
      6,
      6,
      2,
      5,
      8,
      8,
      4,
      5,
      8,
      8,
      4,
      5,
      8,
      11,
      4,
      8,
      10,
      11,
      4,
      9,
      12,
      16,
      4,
      9,
      16,
      16,
      6,
      10,
      12,
      18,
      6,
      10,
      17,
      16,
      6,
      11,
      16,
      19,
      6,
      13,
      18,
      21,
      7,
      14,
      21,
      25,
      8,
      16,
      20,
      25,
      8,
      17,
      23,
      25,
      9,
      17,
      23,
      34,
      9,
      18,
      25,
      30,
      10,
      20,
      27,
      32,
      12,
      21,
      29,
      35,
      12,
      23,
      34,
      37,
      12,
      25,
      34,
      40,
      13,
      26,
      35,
      42,
      14,
      28,
      38,
      45,
      15,
      29,
      40,
      48,
      16,
      31,
      43,
      51,
      17,
      33,
      45,
      54,
      18,
      35,
      48,
      57,
      19,
      37,
      51,
      60,
      19,
      38,
      53,
      63,
      20,
      40,
      56,
      66,
      21,
      43,
      59,
      70,
      22,
      45,
      62,
      74,
      24,
      47,
      65,
      77,
      25,
      49,
      68,
      81
    ];
    var EC_CODEWORDS_TABLE = [
      // L  M  Q  H
      7,
      10,
      13,
      17,
      10,
      16,
      22,
      28,
      15,
      26,
      36,
      44,
      20,
      36,
      52,
      64,
      26,
      48,
      72,
      88,
      36,
      64,
      96,
      112,
      40,
      72,
      108,
      130,
      48,
      88,
      132,
      156,
      60,
      110,
      160,
      192,
      72,
      130,
      192,
      224,
      80,
      150,
      224,
      264,
      96,
      176,
      260,
      308,
      104,
      198,
      288,
      352,
      120,
      216,
      320,
      384,
      132,
      240,
      360,
      432,
      144,
      280,
      408,
      480,
      168,
      308,
      448,
      532,
      180,
      338,
      504,
      588,
      196,
      364,
      546,
      650,
      224,
      416,
      600,
      700,
      224,
      442,
      644,
      750,
      252,
      476,
      690,
      816,
      270,
      504,
      750,
      900,
      300,
      560,
      810,
      960,
      312,
      588,
      870,
      1050,
      336,
      644,
      952,
      1110,
      360,
      700,
      1020,
      1200,
      390,
      728,
      1050,
      1260,
      420,
      784,
      1140,
      1350,
      450,
      812,
      1200,
      1440,
      480,
      868,
      1290,
      1530,
      510,
      924,
      1350,
      1620,
      540,
      980,
      1440,
      1710,
      570,
      1036,
      1530,
      1800,
      570,
      1064,
      1590,
      1890,
      600,
      1120,
      1680,
      1980,
      630,
      1204,
      1770,
      2100,
      660,
      1260,
      1860,
      2220,
      720,
      1316,
      1950,
      2310,
      750,
      1372,
      2040,
      2430
    ];
    exports2.getBlocksCount = function getBlocksCount(version2, errorCorrectionLevel) {
      switch (errorCorrectionLevel) {
        case ECLevel.L:
          return EC_BLOCKS_TABLE[(version2 - 1) * 4 + 0];
        case ECLevel.M:
          return EC_BLOCKS_TABLE[(version2 - 1) * 4 + 1];
        case ECLevel.Q:
          return EC_BLOCKS_TABLE[(version2 - 1) * 4 + 2];
        case ECLevel.H:
          return EC_BLOCKS_TABLE[(version2 - 1) * 4 + 3];
        default:
          return void 0;
      }
    };
    exports2.getTotalCodewordsCount = function getTotalCodewordsCount(version2, errorCorrectionLevel) {
      switch (errorCorrectionLevel) {
        case ECLevel.L:
          return EC_CODEWORDS_TABLE[(version2 - 1) * 4 + 0];
        case ECLevel.M:
          return EC_CODEWORDS_TABLE[(version2 - 1) * 4 + 1];
        case ECLevel.Q:
          return EC_CODEWORDS_TABLE[(version2 - 1) * 4 + 2];
        case ECLevel.H:
          return EC_CODEWORDS_TABLE[(version2 - 1) * 4 + 3];
        default:
          return void 0;
      }
    };
  }
});

// node_modules/qrcode/lib/core/galois-field.js
var require_galois_field = __commonJS({
  "node_modules/qrcode/lib/core/galois-field.js"(exports2) {
    var EXP_TABLE = new Uint8Array(512);
    var LOG_TABLE = new Uint8Array(256);
    (function initTables() {
      let x = 1;
      for (let i = 0; i < 255; i++) {
        EXP_TABLE[i] = x;
        LOG_TABLE[x] = i;
        x <<= 1;
        if (x & 256) {
          x ^= 285;
        }
      }
      for (let i = 255; i < 512; i++) {
        EXP_TABLE[i] = EXP_TABLE[i - 255];
      }
    })();
    exports2.log = function log(n) {
      if (n < 1) throw new Error("log(" + n + ")");
      return LOG_TABLE[n];
    };
    exports2.exp = function exp(n) {
      return EXP_TABLE[n];
    };
    exports2.mul = function mul(x, y) {
      if (x === 0 || y === 0) return 0;
      return EXP_TABLE[LOG_TABLE[x] + LOG_TABLE[y]];
    };
  }
});

// node_modules/qrcode/lib/core/polynomial.js
var require_polynomial = __commonJS({
  "node_modules/qrcode/lib/core/polynomial.js"(exports2) {
    var GF = require_galois_field();
    exports2.mul = function mul(p1, p2) {
      const coeff = new Uint8Array(p1.length + p2.length - 1);
      for (let i = 0; i < p1.length; i++) {
        for (let j = 0; j < p2.length; j++) {
          coeff[i + j] ^= GF.mul(p1[i], p2[j]);
        }
      }
      return coeff;
    };
    exports2.mod = function mod(divident, divisor) {
      let result = new Uint8Array(divident);
      while (result.length - divisor.length >= 0) {
        const coeff = result[0];
        for (let i = 0; i < divisor.length; i++) {
          result[i] ^= GF.mul(divisor[i], coeff);
        }
        let offset = 0;
        while (offset < result.length && result[offset] === 0) offset++;
        result = result.slice(offset);
      }
      return result;
    };
    exports2.generateECPolynomial = function generateECPolynomial(degree) {
      let poly = new Uint8Array([1]);
      for (let i = 0; i < degree; i++) {
        poly = exports2.mul(poly, new Uint8Array([1, GF.exp(i)]));
      }
      return poly;
    };
  }
});

// node_modules/qrcode/lib/core/reed-solomon-encoder.js
var require_reed_solomon_encoder = __commonJS({
  "node_modules/qrcode/lib/core/reed-solomon-encoder.js"(exports2, module2) {
    var Polynomial = require_polynomial();
    function ReedSolomonEncoder(degree) {
      this.genPoly = void 0;
      this.degree = degree;
      if (this.degree) this.initialize(this.degree);
    }
    ReedSolomonEncoder.prototype.initialize = function initialize(degree) {
      this.degree = degree;
      this.genPoly = Polynomial.generateECPolynomial(this.degree);
    };
    ReedSolomonEncoder.prototype.encode = function encode2(data) {
      if (!this.genPoly) {
        throw new Error("Encoder not initialized");
      }
      const paddedData = new Uint8Array(data.length + this.degree);
      paddedData.set(data);
      const remainder = Polynomial.mod(paddedData, this.genPoly);
      const start = this.degree - remainder.length;
      if (start > 0) {
        const buff = new Uint8Array(this.degree);
        buff.set(remainder, start);
        return buff;
      }
      return remainder;
    };
    module2.exports = ReedSolomonEncoder;
  }
});

// node_modules/qrcode/lib/core/version-check.js
var require_version_check = __commonJS({
  "node_modules/qrcode/lib/core/version-check.js"(exports2) {
    exports2.isValid = function isValid(version2) {
      return !isNaN(version2) && version2 >= 1 && version2 <= 40;
    };
  }
});

// node_modules/qrcode/lib/core/regex.js
var require_regex = __commonJS({
  "node_modules/qrcode/lib/core/regex.js"(exports2) {
    var numeric = "[0-9]+";
    var alphanumeric = "[A-Z $%*+\\-./:]+";
    var kanji = "(?:[u3000-u303F]|[u3040-u309F]|[u30A0-u30FF]|[uFF00-uFFEF]|[u4E00-u9FAF]|[u2605-u2606]|[u2190-u2195]|u203B|[u2010u2015u2018u2019u2025u2026u201Cu201Du2225u2260]|[u0391-u0451]|[u00A7u00A8u00B1u00B4u00D7u00F7])+";
    kanji = kanji.replace(/u/g, "\\u");
    var byte = "(?:(?![A-Z0-9 $%*+\\-./:]|" + kanji + ")(?:.|[\r\n]))+";
    exports2.KANJI = new RegExp(kanji, "g");
    exports2.BYTE_KANJI = new RegExp("[^A-Z0-9 $%*+\\-./:]+", "g");
    exports2.BYTE = new RegExp(byte, "g");
    exports2.NUMERIC = new RegExp(numeric, "g");
    exports2.ALPHANUMERIC = new RegExp(alphanumeric, "g");
    var TEST_KANJI = new RegExp("^" + kanji + "$");
    var TEST_NUMERIC = new RegExp("^" + numeric + "$");
    var TEST_ALPHANUMERIC = new RegExp("^[A-Z0-9 $%*+\\-./:]+$");
    exports2.testKanji = function testKanji(str) {
      return TEST_KANJI.test(str);
    };
    exports2.testNumeric = function testNumeric(str) {
      return TEST_NUMERIC.test(str);
    };
    exports2.testAlphanumeric = function testAlphanumeric(str) {
      return TEST_ALPHANUMERIC.test(str);
    };
  }
});

// node_modules/qrcode/lib/core/mode.js
var require_mode = __commonJS({
  "node_modules/qrcode/lib/core/mode.js"(exports2) {
    var VersionCheck = require_version_check();
    var Regex = require_regex();
    exports2.NUMERIC = {
      id: "Numeric",
      bit: 1 << 0,
      ccBits: [10, 12, 14]
    };
    exports2.ALPHANUMERIC = {
      id: "Alphanumeric",
      bit: 1 << 1,
      ccBits: [9, 11, 13]
    };
    exports2.BYTE = {
      id: "Byte",
      bit: 1 << 2,
      ccBits: [8, 16, 16]
    };
    exports2.KANJI = {
      id: "Kanji",
      bit: 1 << 3,
      ccBits: [8, 10, 12]
    };
    exports2.MIXED = {
      bit: -1
    };
    exports2.getCharCountIndicator = function getCharCountIndicator(mode, version2) {
      if (!mode.ccBits) throw new Error("Invalid mode: " + mode);
      if (!VersionCheck.isValid(version2)) {
        throw new Error("Invalid version: " + version2);
      }
      if (version2 >= 1 && version2 < 10) return mode.ccBits[0];
      else if (version2 < 27) return mode.ccBits[1];
      return mode.ccBits[2];
    };
    exports2.getBestModeForData = function getBestModeForData(dataStr) {
      if (Regex.testNumeric(dataStr)) return exports2.NUMERIC;
      else if (Regex.testAlphanumeric(dataStr)) return exports2.ALPHANUMERIC;
      else if (Regex.testKanji(dataStr)) return exports2.KANJI;
      else return exports2.BYTE;
    };
    exports2.toString = function toString(mode) {
      if (mode && mode.id) return mode.id;
      throw new Error("Invalid mode");
    };
    exports2.isValid = function isValid(mode) {
      return mode && mode.bit && mode.ccBits;
    };
    function fromString(string) {
      if (typeof string !== "string") {
        throw new Error("Param is not a string");
      }
      const lcStr = string.toLowerCase();
      switch (lcStr) {
        case "numeric":
          return exports2.NUMERIC;
        case "alphanumeric":
          return exports2.ALPHANUMERIC;
        case "kanji":
          return exports2.KANJI;
        case "byte":
          return exports2.BYTE;
        default:
          throw new Error("Unknown mode: " + string);
      }
    }
    exports2.from = function from(value, defaultValue) {
      if (exports2.isValid(value)) {
        return value;
      }
      try {
        return fromString(value);
      } catch (e) {
        return defaultValue;
      }
    };
  }
});

// node_modules/qrcode/lib/core/version.js
var require_version = __commonJS({
  "node_modules/qrcode/lib/core/version.js"(exports2) {
    var Utils = require_utils();
    var ECCode = require_error_correction_code();
    var ECLevel = require_error_correction_level();
    var Mode = require_mode();
    var VersionCheck = require_version_check();
    var G18 = 1 << 12 | 1 << 11 | 1 << 10 | 1 << 9 | 1 << 8 | 1 << 5 | 1 << 2 | 1 << 0;
    var G18_BCH = Utils.getBCHDigit(G18);
    function getBestVersionForDataLength(mode, length, errorCorrectionLevel) {
      for (let currentVersion = 1; currentVersion <= 40; currentVersion++) {
        if (length <= exports2.getCapacity(currentVersion, errorCorrectionLevel, mode)) {
          return currentVersion;
        }
      }
      return void 0;
    }
    function getReservedBitsCount(mode, version2) {
      return Mode.getCharCountIndicator(mode, version2) + 4;
    }
    function getTotalBitsFromDataArray(segments, version2) {
      let totalBits = 0;
      segments.forEach(function(data) {
        const reservedBits = getReservedBitsCount(data.mode, version2);
        totalBits += reservedBits + data.getBitsLength();
      });
      return totalBits;
    }
    function getBestVersionForMixedData(segments, errorCorrectionLevel) {
      for (let currentVersion = 1; currentVersion <= 40; currentVersion++) {
        const length = getTotalBitsFromDataArray(segments, currentVersion);
        if (length <= exports2.getCapacity(currentVersion, errorCorrectionLevel, Mode.MIXED)) {
          return currentVersion;
        }
      }
      return void 0;
    }
    exports2.from = function from(value, defaultValue) {
      if (VersionCheck.isValid(value)) {
        return parseInt(value, 10);
      }
      return defaultValue;
    };
    exports2.getCapacity = function getCapacity(version2, errorCorrectionLevel, mode) {
      if (!VersionCheck.isValid(version2)) {
        throw new Error("Invalid QR Code version");
      }
      if (typeof mode === "undefined") mode = Mode.BYTE;
      const totalCodewords = Utils.getSymbolTotalCodewords(version2);
      const ecTotalCodewords = ECCode.getTotalCodewordsCount(version2, errorCorrectionLevel);
      const dataTotalCodewordsBits = (totalCodewords - ecTotalCodewords) * 8;
      if (mode === Mode.MIXED) return dataTotalCodewordsBits;
      const usableBits = dataTotalCodewordsBits - getReservedBitsCount(mode, version2);
      switch (mode) {
        case Mode.NUMERIC:
          return Math.floor(usableBits / 10 * 3);
        case Mode.ALPHANUMERIC:
          return Math.floor(usableBits / 11 * 2);
        case Mode.KANJI:
          return Math.floor(usableBits / 13);
        case Mode.BYTE:
        default:
          return Math.floor(usableBits / 8);
      }
    };
    exports2.getBestVersionForData = function getBestVersionForData(data, errorCorrectionLevel) {
      let seg;
      const ecl = ECLevel.from(errorCorrectionLevel, ECLevel.M);
      if (Array.isArray(data)) {
        if (data.length > 1) {
          return getBestVersionForMixedData(data, ecl);
        }
        if (data.length === 0) {
          return 1;
        }
        seg = data[0];
      } else {
        seg = data;
      }
      return getBestVersionForDataLength(seg.mode, seg.getLength(), ecl);
    };
    exports2.getEncodedBits = function getEncodedBits(version2) {
      if (!VersionCheck.isValid(version2) || version2 < 7) {
        throw new Error("Invalid QR Code version");
      }
      let d = version2 << 12;
      while (Utils.getBCHDigit(d) - G18_BCH >= 0) {
        d ^= G18 << Utils.getBCHDigit(d) - G18_BCH;
      }
      return version2 << 12 | d;
    };
  }
});

// node_modules/qrcode/lib/core/format-info.js
var require_format_info = __commonJS({
  "node_modules/qrcode/lib/core/format-info.js"(exports2) {
    var Utils = require_utils();
    var G15 = 1 << 10 | 1 << 8 | 1 << 5 | 1 << 4 | 1 << 2 | 1 << 1 | 1 << 0;
    var G15_MASK = 1 << 14 | 1 << 12 | 1 << 10 | 1 << 4 | 1 << 1;
    var G15_BCH = Utils.getBCHDigit(G15);
    exports2.getEncodedBits = function getEncodedBits(errorCorrectionLevel, mask) {
      const data = errorCorrectionLevel.bit << 3 | mask;
      let d = data << 10;
      while (Utils.getBCHDigit(d) - G15_BCH >= 0) {
        d ^= G15 << Utils.getBCHDigit(d) - G15_BCH;
      }
      return (data << 10 | d) ^ G15_MASK;
    };
  }
});

// node_modules/qrcode/lib/core/numeric-data.js
var require_numeric_data = __commonJS({
  "node_modules/qrcode/lib/core/numeric-data.js"(exports2, module2) {
    var Mode = require_mode();
    function NumericData(data) {
      this.mode = Mode.NUMERIC;
      this.data = data.toString();
    }
    NumericData.getBitsLength = function getBitsLength(length) {
      return 10 * Math.floor(length / 3) + (length % 3 ? length % 3 * 3 + 1 : 0);
    };
    NumericData.prototype.getLength = function getLength() {
      return this.data.length;
    };
    NumericData.prototype.getBitsLength = function getBitsLength() {
      return NumericData.getBitsLength(this.data.length);
    };
    NumericData.prototype.write = function write2(bitBuffer) {
      let i, group, value;
      for (i = 0; i + 3 <= this.data.length; i += 3) {
        group = this.data.substr(i, 3);
        value = parseInt(group, 10);
        bitBuffer.put(value, 10);
      }
      const remainingNum = this.data.length - i;
      if (remainingNum > 0) {
        group = this.data.substr(i);
        value = parseInt(group, 10);
        bitBuffer.put(value, remainingNum * 3 + 1);
      }
    };
    module2.exports = NumericData;
  }
});

// node_modules/qrcode/lib/core/alphanumeric-data.js
var require_alphanumeric_data = __commonJS({
  "node_modules/qrcode/lib/core/alphanumeric-data.js"(exports2, module2) {
    var Mode = require_mode();
    var ALPHA_NUM_CHARS = [
      "0",
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
      "A",
      "B",
      "C",
      "D",
      "E",
      "F",
      "G",
      "H",
      "I",
      "J",
      "K",
      "L",
      "M",
      "N",
      "O",
      "P",
      "Q",
      "R",
      "S",
      "T",
      "U",
      "V",
      "W",
      "X",
      "Y",
      "Z",
      " ",
      "$",
      "%",
      "*",
      "+",
      "-",
      ".",
      "/",
      ":"
    ];
    function AlphanumericData(data) {
      this.mode = Mode.ALPHANUMERIC;
      this.data = data;
    }
    AlphanumericData.getBitsLength = function getBitsLength(length) {
      return 11 * Math.floor(length / 2) + 6 * (length % 2);
    };
    AlphanumericData.prototype.getLength = function getLength() {
      return this.data.length;
    };
    AlphanumericData.prototype.getBitsLength = function getBitsLength() {
      return AlphanumericData.getBitsLength(this.data.length);
    };
    AlphanumericData.prototype.write = function write2(bitBuffer) {
      let i;
      for (i = 0; i + 2 <= this.data.length; i += 2) {
        let value = ALPHA_NUM_CHARS.indexOf(this.data[i]) * 45;
        value += ALPHA_NUM_CHARS.indexOf(this.data[i + 1]);
        bitBuffer.put(value, 11);
      }
      if (this.data.length % 2) {
        bitBuffer.put(ALPHA_NUM_CHARS.indexOf(this.data[i]), 6);
      }
    };
    module2.exports = AlphanumericData;
  }
});

// node_modules/qrcode/lib/core/byte-data.js
var require_byte_data = __commonJS({
  "node_modules/qrcode/lib/core/byte-data.js"(exports2, module2) {
    var Mode = require_mode();
    function ByteData(data) {
      this.mode = Mode.BYTE;
      if (typeof data === "string") {
        this.data = new TextEncoder().encode(data);
      } else {
        this.data = new Uint8Array(data);
      }
    }
    ByteData.getBitsLength = function getBitsLength(length) {
      return length * 8;
    };
    ByteData.prototype.getLength = function getLength() {
      return this.data.length;
    };
    ByteData.prototype.getBitsLength = function getBitsLength() {
      return ByteData.getBitsLength(this.data.length);
    };
    ByteData.prototype.write = function(bitBuffer) {
      for (let i = 0, l = this.data.length; i < l; i++) {
        bitBuffer.put(this.data[i], 8);
      }
    };
    module2.exports = ByteData;
  }
});

// node_modules/qrcode/lib/core/kanji-data.js
var require_kanji_data = __commonJS({
  "node_modules/qrcode/lib/core/kanji-data.js"(exports2, module2) {
    var Mode = require_mode();
    var Utils = require_utils();
    function KanjiData(data) {
      this.mode = Mode.KANJI;
      this.data = data;
    }
    KanjiData.getBitsLength = function getBitsLength(length) {
      return length * 13;
    };
    KanjiData.prototype.getLength = function getLength() {
      return this.data.length;
    };
    KanjiData.prototype.getBitsLength = function getBitsLength() {
      return KanjiData.getBitsLength(this.data.length);
    };
    KanjiData.prototype.write = function(bitBuffer) {
      let i;
      for (i = 0; i < this.data.length; i++) {
        let value = Utils.toSJIS(this.data[i]);
        if (value >= 33088 && value <= 40956) {
          value -= 33088;
        } else if (value >= 57408 && value <= 60351) {
          value -= 49472;
        } else {
          throw new Error(
            "Invalid SJIS character: " + this.data[i] + "\nMake sure your charset is UTF-8"
          );
        }
        value = (value >>> 8 & 255) * 192 + (value & 255);
        bitBuffer.put(value, 13);
      }
    };
    module2.exports = KanjiData;
  }
});

// node_modules/dijkstrajs/dijkstra.js
var require_dijkstra = __commonJS({
  "node_modules/dijkstrajs/dijkstra.js"(exports2, module2) {
    "use strict";
    var dijkstra = {
      single_source_shortest_paths: function(graph, s, d) {
        var predecessors = {};
        var costs = {};
        costs[s] = 0;
        var open2 = dijkstra.PriorityQueue.make();
        open2.push(s, 0);
        var closest, u, v, cost_of_s_to_u, adjacent_nodes, cost_of_e, cost_of_s_to_u_plus_cost_of_e, cost_of_s_to_v, first_visit;
        while (!open2.empty()) {
          closest = open2.pop();
          u = closest.value;
          cost_of_s_to_u = closest.cost;
          adjacent_nodes = graph[u] || {};
          for (v in adjacent_nodes) {
            if (adjacent_nodes.hasOwnProperty(v)) {
              cost_of_e = adjacent_nodes[v];
              cost_of_s_to_u_plus_cost_of_e = cost_of_s_to_u + cost_of_e;
              cost_of_s_to_v = costs[v];
              first_visit = typeof costs[v] === "undefined";
              if (first_visit || cost_of_s_to_v > cost_of_s_to_u_plus_cost_of_e) {
                costs[v] = cost_of_s_to_u_plus_cost_of_e;
                open2.push(v, cost_of_s_to_u_plus_cost_of_e);
                predecessors[v] = u;
              }
            }
          }
        }
        if (typeof d !== "undefined" && typeof costs[d] === "undefined") {
          var msg = ["Could not find a path from ", s, " to ", d, "."].join("");
          throw new Error(msg);
        }
        return predecessors;
      },
      extract_shortest_path_from_predecessor_list: function(predecessors, d) {
        var nodes = [];
        var u = d;
        var predecessor;
        while (u) {
          nodes.push(u);
          predecessor = predecessors[u];
          u = predecessors[u];
        }
        nodes.reverse();
        return nodes;
      },
      find_path: function(graph, s, d) {
        var predecessors = dijkstra.single_source_shortest_paths(graph, s, d);
        return dijkstra.extract_shortest_path_from_predecessor_list(
          predecessors,
          d
        );
      },
      /**
       * A very naive priority queue implementation.
       */
      PriorityQueue: {
        make: function(opts) {
          var T = dijkstra.PriorityQueue, t = {}, key;
          opts = opts || {};
          for (key in T) {
            if (T.hasOwnProperty(key)) {
              t[key] = T[key];
            }
          }
          t.queue = [];
          t.sorter = opts.sorter || T.default_sorter;
          return t;
        },
        default_sorter: function(a, b) {
          return a.cost - b.cost;
        },
        /**
         * Add a new item to the queue and ensure the highest priority element
         * is at the front of the queue.
         */
        push: function(value, cost) {
          var item = { value, cost };
          this.queue.push(item);
          this.queue.sort(this.sorter);
        },
        /**
         * Return the highest priority element in the queue.
         */
        pop: function() {
          return this.queue.shift();
        },
        empty: function() {
          return this.queue.length === 0;
        }
      }
    };
    if (typeof module2 !== "undefined") {
      module2.exports = dijkstra;
    }
  }
});

// node_modules/qrcode/lib/core/segments.js
var require_segments = __commonJS({
  "node_modules/qrcode/lib/core/segments.js"(exports2) {
    var Mode = require_mode();
    var NumericData = require_numeric_data();
    var AlphanumericData = require_alphanumeric_data();
    var ByteData = require_byte_data();
    var KanjiData = require_kanji_data();
    var Regex = require_regex();
    var Utils = require_utils();
    var dijkstra = require_dijkstra();
    function getStringByteLength(str) {
      return unescape(encodeURIComponent(str)).length;
    }
    function getSegments(regex, mode, str) {
      const segments = [];
      let result;
      while ((result = regex.exec(str)) !== null) {
        segments.push({
          data: result[0],
          index: result.index,
          mode,
          length: result[0].length
        });
      }
      return segments;
    }
    function getSegmentsFromString(dataStr) {
      const numSegs = getSegments(Regex.NUMERIC, Mode.NUMERIC, dataStr);
      const alphaNumSegs = getSegments(Regex.ALPHANUMERIC, Mode.ALPHANUMERIC, dataStr);
      let byteSegs;
      let kanjiSegs;
      if (Utils.isKanjiModeEnabled()) {
        byteSegs = getSegments(Regex.BYTE, Mode.BYTE, dataStr);
        kanjiSegs = getSegments(Regex.KANJI, Mode.KANJI, dataStr);
      } else {
        byteSegs = getSegments(Regex.BYTE_KANJI, Mode.BYTE, dataStr);
        kanjiSegs = [];
      }
      const segs = numSegs.concat(alphaNumSegs, byteSegs, kanjiSegs);
      return segs.sort(function(s1, s2) {
        return s1.index - s2.index;
      }).map(function(obj) {
        return {
          data: obj.data,
          mode: obj.mode,
          length: obj.length
        };
      });
    }
    function getSegmentBitsLength(length, mode) {
      switch (mode) {
        case Mode.NUMERIC:
          return NumericData.getBitsLength(length);
        case Mode.ALPHANUMERIC:
          return AlphanumericData.getBitsLength(length);
        case Mode.KANJI:
          return KanjiData.getBitsLength(length);
        case Mode.BYTE:
          return ByteData.getBitsLength(length);
      }
    }
    function mergeSegments(segs) {
      return segs.reduce(function(acc, curr) {
        const prevSeg = acc.length - 1 >= 0 ? acc[acc.length - 1] : null;
        if (prevSeg && prevSeg.mode === curr.mode) {
          acc[acc.length - 1].data += curr.data;
          return acc;
        }
        acc.push(curr);
        return acc;
      }, []);
    }
    function buildNodes(segs) {
      const nodes = [];
      for (let i = 0; i < segs.length; i++) {
        const seg = segs[i];
        switch (seg.mode) {
          case Mode.NUMERIC:
            nodes.push([
              seg,
              { data: seg.data, mode: Mode.ALPHANUMERIC, length: seg.length },
              { data: seg.data, mode: Mode.BYTE, length: seg.length }
            ]);
            break;
          case Mode.ALPHANUMERIC:
            nodes.push([
              seg,
              { data: seg.data, mode: Mode.BYTE, length: seg.length }
            ]);
            break;
          case Mode.KANJI:
            nodes.push([
              seg,
              { data: seg.data, mode: Mode.BYTE, length: getStringByteLength(seg.data) }
            ]);
            break;
          case Mode.BYTE:
            nodes.push([
              { data: seg.data, mode: Mode.BYTE, length: getStringByteLength(seg.data) }
            ]);
        }
      }
      return nodes;
    }
    function buildGraph(nodes, version2) {
      const table = {};
      const graph = { start: {} };
      let prevNodeIds = ["start"];
      for (let i = 0; i < nodes.length; i++) {
        const nodeGroup = nodes[i];
        const currentNodeIds = [];
        for (let j = 0; j < nodeGroup.length; j++) {
          const node = nodeGroup[j];
          const key = "" + i + j;
          currentNodeIds.push(key);
          table[key] = { node, lastCount: 0 };
          graph[key] = {};
          for (let n = 0; n < prevNodeIds.length; n++) {
            const prevNodeId = prevNodeIds[n];
            if (table[prevNodeId] && table[prevNodeId].node.mode === node.mode) {
              graph[prevNodeId][key] = getSegmentBitsLength(table[prevNodeId].lastCount + node.length, node.mode) - getSegmentBitsLength(table[prevNodeId].lastCount, node.mode);
              table[prevNodeId].lastCount += node.length;
            } else {
              if (table[prevNodeId]) table[prevNodeId].lastCount = node.length;
              graph[prevNodeId][key] = getSegmentBitsLength(node.length, node.mode) + 4 + Mode.getCharCountIndicator(node.mode, version2);
            }
          }
        }
        prevNodeIds = currentNodeIds;
      }
      for (let n = 0; n < prevNodeIds.length; n++) {
        graph[prevNodeIds[n]].end = 0;
      }
      return { map: graph, table };
    }
    function buildSingleSegment(data, modesHint) {
      let mode;
      const bestMode = Mode.getBestModeForData(data);
      mode = Mode.from(modesHint, bestMode);
      if (mode !== Mode.BYTE && mode.bit < bestMode.bit) {
        throw new Error('"' + data + '" cannot be encoded with mode ' + Mode.toString(mode) + ".\n Suggested mode is: " + Mode.toString(bestMode));
      }
      if (mode === Mode.KANJI && !Utils.isKanjiModeEnabled()) {
        mode = Mode.BYTE;
      }
      switch (mode) {
        case Mode.NUMERIC:
          return new NumericData(data);
        case Mode.ALPHANUMERIC:
          return new AlphanumericData(data);
        case Mode.KANJI:
          return new KanjiData(data);
        case Mode.BYTE:
          return new ByteData(data);
      }
    }
    exports2.fromArray = function fromArray(array) {
      return array.reduce(function(acc, seg) {
        if (typeof seg === "string") {
          acc.push(buildSingleSegment(seg, null));
        } else if (seg.data) {
          acc.push(buildSingleSegment(seg.data, seg.mode));
        }
        return acc;
      }, []);
    };
    exports2.fromString = function fromString(data, version2) {
      const segs = getSegmentsFromString(data, Utils.isKanjiModeEnabled());
      const nodes = buildNodes(segs);
      const graph = buildGraph(nodes, version2);
      const path17 = dijkstra.find_path(graph.map, "start", "end");
      const optimizedSegs = [];
      for (let i = 1; i < path17.length - 1; i++) {
        optimizedSegs.push(graph.table[path17[i]].node);
      }
      return exports2.fromArray(mergeSegments(optimizedSegs));
    };
    exports2.rawSplit = function rawSplit(data) {
      return exports2.fromArray(
        getSegmentsFromString(data, Utils.isKanjiModeEnabled())
      );
    };
  }
});

// node_modules/qrcode/lib/core/qrcode.js
var require_qrcode = __commonJS({
  "node_modules/qrcode/lib/core/qrcode.js"(exports2) {
    var Utils = require_utils();
    var ECLevel = require_error_correction_level();
    var BitBuffer = require_bit_buffer();
    var BitMatrix = require_bit_matrix();
    var AlignmentPattern = require_alignment_pattern();
    var FinderPattern = require_finder_pattern();
    var MaskPattern = require_mask_pattern();
    var ECCode = require_error_correction_code();
    var ReedSolomonEncoder = require_reed_solomon_encoder();
    var Version = require_version();
    var FormatInfo = require_format_info();
    var Mode = require_mode();
    var Segments = require_segments();
    function setupFinderPattern(matrix, version2) {
      const size = matrix.size;
      const pos = FinderPattern.getPositions(version2);
      for (let i = 0; i < pos.length; i++) {
        const row = pos[i][0];
        const col = pos[i][1];
        for (let r = -1; r <= 7; r++) {
          if (row + r <= -1 || size <= row + r) continue;
          for (let c = -1; c <= 7; c++) {
            if (col + c <= -1 || size <= col + c) continue;
            if (r >= 0 && r <= 6 && (c === 0 || c === 6) || c >= 0 && c <= 6 && (r === 0 || r === 6) || r >= 2 && r <= 4 && c >= 2 && c <= 4) {
              matrix.set(row + r, col + c, true, true);
            } else {
              matrix.set(row + r, col + c, false, true);
            }
          }
        }
      }
    }
    function setupTimingPattern(matrix) {
      const size = matrix.size;
      for (let r = 8; r < size - 8; r++) {
        const value = r % 2 === 0;
        matrix.set(r, 6, value, true);
        matrix.set(6, r, value, true);
      }
    }
    function setupAlignmentPattern(matrix, version2) {
      const pos = AlignmentPattern.getPositions(version2);
      for (let i = 0; i < pos.length; i++) {
        const row = pos[i][0];
        const col = pos[i][1];
        for (let r = -2; r <= 2; r++) {
          for (let c = -2; c <= 2; c++) {
            if (r === -2 || r === 2 || c === -2 || c === 2 || r === 0 && c === 0) {
              matrix.set(row + r, col + c, true, true);
            } else {
              matrix.set(row + r, col + c, false, true);
            }
          }
        }
      }
    }
    function setupVersionInfo(matrix, version2) {
      const size = matrix.size;
      const bits2 = Version.getEncodedBits(version2);
      let row, col, mod;
      for (let i = 0; i < 18; i++) {
        row = Math.floor(i / 3);
        col = i % 3 + size - 8 - 3;
        mod = (bits2 >> i & 1) === 1;
        matrix.set(row, col, mod, true);
        matrix.set(col, row, mod, true);
      }
    }
    function setupFormatInfo(matrix, errorCorrectionLevel, maskPattern) {
      const size = matrix.size;
      const bits2 = FormatInfo.getEncodedBits(errorCorrectionLevel, maskPattern);
      let i, mod;
      for (i = 0; i < 15; i++) {
        mod = (bits2 >> i & 1) === 1;
        if (i < 6) {
          matrix.set(i, 8, mod, true);
        } else if (i < 8) {
          matrix.set(i + 1, 8, mod, true);
        } else {
          matrix.set(size - 15 + i, 8, mod, true);
        }
        if (i < 8) {
          matrix.set(8, size - i - 1, mod, true);
        } else if (i < 9) {
          matrix.set(8, 15 - i - 1 + 1, mod, true);
        } else {
          matrix.set(8, 15 - i - 1, mod, true);
        }
      }
      matrix.set(size - 8, 8, 1, true);
    }
    function setupData(matrix, data) {
      const size = matrix.size;
      let inc = -1;
      let row = size - 1;
      let bitIndex = 7;
      let byteIndex = 0;
      for (let col = size - 1; col > 0; col -= 2) {
        if (col === 6) col--;
        while (true) {
          for (let c = 0; c < 2; c++) {
            if (!matrix.isReserved(row, col - c)) {
              let dark = false;
              if (byteIndex < data.length) {
                dark = (data[byteIndex] >>> bitIndex & 1) === 1;
              }
              matrix.set(row, col - c, dark);
              bitIndex--;
              if (bitIndex === -1) {
                byteIndex++;
                bitIndex = 7;
              }
            }
          }
          row += inc;
          if (row < 0 || size <= row) {
            row -= inc;
            inc = -inc;
            break;
          }
        }
      }
    }
    function createData(version2, errorCorrectionLevel, segments) {
      const buffer = new BitBuffer();
      segments.forEach(function(data) {
        buffer.put(data.mode.bit, 4);
        buffer.put(data.getLength(), Mode.getCharCountIndicator(data.mode, version2));
        data.write(buffer);
      });
      const totalCodewords = Utils.getSymbolTotalCodewords(version2);
      const ecTotalCodewords = ECCode.getTotalCodewordsCount(version2, errorCorrectionLevel);
      const dataTotalCodewordsBits = (totalCodewords - ecTotalCodewords) * 8;
      if (buffer.getLengthInBits() + 4 <= dataTotalCodewordsBits) {
        buffer.put(0, 4);
      }
      while (buffer.getLengthInBits() % 8 !== 0) {
        buffer.putBit(0);
      }
      const remainingByte = (dataTotalCodewordsBits - buffer.getLengthInBits()) / 8;
      for (let i = 0; i < remainingByte; i++) {
        buffer.put(i % 2 ? 17 : 236, 8);
      }
      return createCodewords(buffer, version2, errorCorrectionLevel);
    }
    function createCodewords(bitBuffer, version2, errorCorrectionLevel) {
      const totalCodewords = Utils.getSymbolTotalCodewords(version2);
      const ecTotalCodewords = ECCode.getTotalCodewordsCount(version2, errorCorrectionLevel);
      const dataTotalCodewords = totalCodewords - ecTotalCodewords;
      const ecTotalBlocks = ECCode.getBlocksCount(version2, errorCorrectionLevel);
      const blocksInGroup2 = totalCodewords % ecTotalBlocks;
      const blocksInGroup1 = ecTotalBlocks - blocksInGroup2;
      const totalCodewordsInGroup1 = Math.floor(totalCodewords / ecTotalBlocks);
      const dataCodewordsInGroup1 = Math.floor(dataTotalCodewords / ecTotalBlocks);
      const dataCodewordsInGroup2 = dataCodewordsInGroup1 + 1;
      const ecCount = totalCodewordsInGroup1 - dataCodewordsInGroup1;
      const rs = new ReedSolomonEncoder(ecCount);
      let offset = 0;
      const dcData = new Array(ecTotalBlocks);
      const ecData = new Array(ecTotalBlocks);
      let maxDataSize = 0;
      const buffer = new Uint8Array(bitBuffer.buffer);
      for (let b = 0; b < ecTotalBlocks; b++) {
        const dataSize = b < blocksInGroup1 ? dataCodewordsInGroup1 : dataCodewordsInGroup2;
        dcData[b] = buffer.slice(offset, offset + dataSize);
        ecData[b] = rs.encode(dcData[b]);
        offset += dataSize;
        maxDataSize = Math.max(maxDataSize, dataSize);
      }
      const data = new Uint8Array(totalCodewords);
      let index = 0;
      let i, r;
      for (i = 0; i < maxDataSize; i++) {
        for (r = 0; r < ecTotalBlocks; r++) {
          if (i < dcData[r].length) {
            data[index++] = dcData[r][i];
          }
        }
      }
      for (i = 0; i < ecCount; i++) {
        for (r = 0; r < ecTotalBlocks; r++) {
          data[index++] = ecData[r][i];
        }
      }
      return data;
    }
    function createSymbol(data, version2, errorCorrectionLevel, maskPattern) {
      let segments;
      if (Array.isArray(data)) {
        segments = Segments.fromArray(data);
      } else if (typeof data === "string") {
        let estimatedVersion = version2;
        if (!estimatedVersion) {
          const rawSegments = Segments.rawSplit(data);
          estimatedVersion = Version.getBestVersionForData(rawSegments, errorCorrectionLevel);
        }
        segments = Segments.fromString(data, estimatedVersion || 40);
      } else {
        throw new Error("Invalid data");
      }
      const bestVersion = Version.getBestVersionForData(segments, errorCorrectionLevel);
      if (!bestVersion) {
        throw new Error("The amount of data is too big to be stored in a QR Code");
      }
      if (!version2) {
        version2 = bestVersion;
      } else if (version2 < bestVersion) {
        throw new Error(
          "\nThe chosen QR Code version cannot contain this amount of data.\nMinimum version required to store current data is: " + bestVersion + ".\n"
        );
      }
      const dataBits = createData(version2, errorCorrectionLevel, segments);
      const moduleCount = Utils.getSymbolSize(version2);
      const modules = new BitMatrix(moduleCount);
      setupFinderPattern(modules, version2);
      setupTimingPattern(modules);
      setupAlignmentPattern(modules, version2);
      setupFormatInfo(modules, errorCorrectionLevel, 0);
      if (version2 >= 7) {
        setupVersionInfo(modules, version2);
      }
      setupData(modules, dataBits);
      if (isNaN(maskPattern)) {
        maskPattern = MaskPattern.getBestMask(
          modules,
          setupFormatInfo.bind(null, modules, errorCorrectionLevel)
        );
      }
      MaskPattern.applyMask(maskPattern, modules);
      setupFormatInfo(modules, errorCorrectionLevel, maskPattern);
      return {
        modules,
        version: version2,
        errorCorrectionLevel,
        maskPattern,
        segments
      };
    }
    exports2.create = function create(data, options) {
      if (typeof data === "undefined" || data === "") {
        throw new Error("No input text");
      }
      let errorCorrectionLevel = ECLevel.M;
      let version2;
      let mask;
      if (typeof options !== "undefined") {
        errorCorrectionLevel = ECLevel.from(options.errorCorrectionLevel, ECLevel.M);
        version2 = Version.from(options.version);
        mask = MaskPattern.from(options.maskPattern);
        if (options.toSJISFunc) {
          Utils.setToSJISFunction(options.toSJISFunc);
        }
      }
      return createSymbol(data, version2, errorCorrectionLevel, mask);
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/chunkstream.js
var require_chunkstream = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/chunkstream.js"(exports2, module2) {
    "use strict";
    var util2 = require("util");
    var Stream = require("stream");
    var ChunkStream = module2.exports = function() {
      Stream.call(this);
      this._buffers = [];
      this._buffered = 0;
      this._reads = [];
      this._paused = false;
      this._encoding = "utf8";
      this.writable = true;
    };
    util2.inherits(ChunkStream, Stream);
    ChunkStream.prototype.read = function(length, callback) {
      this._reads.push({
        length: Math.abs(length),
        // if length < 0 then at most this length
        allowLess: length < 0,
        func: callback
      });
      process.nextTick(
        function() {
          this._process();
          if (this._paused && this._reads && this._reads.length > 0) {
            this._paused = false;
            this.emit("drain");
          }
        }.bind(this)
      );
    };
    ChunkStream.prototype.write = function(data, encoding) {
      if (!this.writable) {
        this.emit("error", new Error("Stream not writable"));
        return false;
      }
      let dataBuffer;
      if (Buffer.isBuffer(data)) {
        dataBuffer = data;
      } else {
        dataBuffer = Buffer.from(data, encoding || this._encoding);
      }
      this._buffers.push(dataBuffer);
      this._buffered += dataBuffer.length;
      this._process();
      if (this._reads && this._reads.length === 0) {
        this._paused = true;
      }
      return this.writable && !this._paused;
    };
    ChunkStream.prototype.end = function(data, encoding) {
      if (data) {
        this.write(data, encoding);
      }
      this.writable = false;
      if (!this._buffers) {
        return;
      }
      if (this._buffers.length === 0) {
        this._end();
      } else {
        this._buffers.push(null);
        this._process();
      }
    };
    ChunkStream.prototype.destroySoon = ChunkStream.prototype.end;
    ChunkStream.prototype._end = function() {
      if (this._reads.length > 0) {
        this.emit("error", new Error("Unexpected end of input"));
      }
      this.destroy();
    };
    ChunkStream.prototype.destroy = function() {
      if (!this._buffers) {
        return;
      }
      this.writable = false;
      this._reads = null;
      this._buffers = null;
      this.emit("close");
    };
    ChunkStream.prototype._processReadAllowingLess = function(read) {
      this._reads.shift();
      let smallerBuf = this._buffers[0];
      if (smallerBuf.length > read.length) {
        this._buffered -= read.length;
        this._buffers[0] = smallerBuf.slice(read.length);
        read.func.call(this, smallerBuf.slice(0, read.length));
      } else {
        this._buffered -= smallerBuf.length;
        this._buffers.shift();
        read.func.call(this, smallerBuf);
      }
    };
    ChunkStream.prototype._processRead = function(read) {
      this._reads.shift();
      let pos = 0;
      let count = 0;
      let data = Buffer.alloc(read.length);
      while (pos < read.length) {
        let buf = this._buffers[count++];
        let len = Math.min(buf.length, read.length - pos);
        buf.copy(data, pos, 0, len);
        pos += len;
        if (len !== buf.length) {
          this._buffers[--count] = buf.slice(len);
        }
      }
      if (count > 0) {
        this._buffers.splice(0, count);
      }
      this._buffered -= read.length;
      read.func.call(this, data);
    };
    ChunkStream.prototype._process = function() {
      try {
        while (this._buffered > 0 && this._reads && this._reads.length > 0) {
          let read = this._reads[0];
          if (read.allowLess) {
            this._processReadAllowingLess(read);
          } else if (this._buffered >= read.length) {
            this._processRead(read);
          } else {
            break;
          }
        }
        if (this._buffers && !this.writable) {
          this._end();
        }
      } catch (ex) {
        this.emit("error", ex);
      }
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/interlace.js
var require_interlace = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/interlace.js"(exports2) {
    "use strict";
    var imagePasses = [
      {
        // pass 1 - 1px
        x: [0],
        y: [0]
      },
      {
        // pass 2 - 1px
        x: [4],
        y: [0]
      },
      {
        // pass 3 - 2px
        x: [0, 4],
        y: [4]
      },
      {
        // pass 4 - 4px
        x: [2, 6],
        y: [0, 4]
      },
      {
        // pass 5 - 8px
        x: [0, 2, 4, 6],
        y: [2, 6]
      },
      {
        // pass 6 - 16px
        x: [1, 3, 5, 7],
        y: [0, 2, 4, 6]
      },
      {
        // pass 7 - 32px
        x: [0, 1, 2, 3, 4, 5, 6, 7],
        y: [1, 3, 5, 7]
      }
    ];
    exports2.getImagePasses = function(width, height) {
      let images = [];
      let xLeftOver = width % 8;
      let yLeftOver = height % 8;
      let xRepeats = (width - xLeftOver) / 8;
      let yRepeats = (height - yLeftOver) / 8;
      for (let i = 0; i < imagePasses.length; i++) {
        let pass = imagePasses[i];
        let passWidth = xRepeats * pass.x.length;
        let passHeight = yRepeats * pass.y.length;
        for (let j = 0; j < pass.x.length; j++) {
          if (pass.x[j] < xLeftOver) {
            passWidth++;
          } else {
            break;
          }
        }
        for (let j = 0; j < pass.y.length; j++) {
          if (pass.y[j] < yLeftOver) {
            passHeight++;
          } else {
            break;
          }
        }
        if (passWidth > 0 && passHeight > 0) {
          images.push({ width: passWidth, height: passHeight, index: i });
        }
      }
      return images;
    };
    exports2.getInterlaceIterator = function(width) {
      return function(x, y, pass) {
        let outerXLeftOver = x % imagePasses[pass].x.length;
        let outerX = (x - outerXLeftOver) / imagePasses[pass].x.length * 8 + imagePasses[pass].x[outerXLeftOver];
        let outerYLeftOver = y % imagePasses[pass].y.length;
        let outerY = (y - outerYLeftOver) / imagePasses[pass].y.length * 8 + imagePasses[pass].y[outerYLeftOver];
        return outerX * 4 + outerY * width * 4;
      };
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/paeth-predictor.js
var require_paeth_predictor = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/paeth-predictor.js"(exports2, module2) {
    "use strict";
    module2.exports = function paethPredictor(left, above, upLeft) {
      let paeth = left + above - upLeft;
      let pLeft = Math.abs(paeth - left);
      let pAbove = Math.abs(paeth - above);
      let pUpLeft = Math.abs(paeth - upLeft);
      if (pLeft <= pAbove && pLeft <= pUpLeft) {
        return left;
      }
      if (pAbove <= pUpLeft) {
        return above;
      }
      return upLeft;
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/filter-parse.js
var require_filter_parse = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/filter-parse.js"(exports2, module2) {
    "use strict";
    var interlaceUtils = require_interlace();
    var paethPredictor = require_paeth_predictor();
    function getByteWidth(width, bpp, depth) {
      let byteWidth = width * bpp;
      if (depth !== 8) {
        byteWidth = Math.ceil(byteWidth / (8 / depth));
      }
      return byteWidth;
    }
    var Filter = module2.exports = function(bitmapInfo, dependencies) {
      let width = bitmapInfo.width;
      let height = bitmapInfo.height;
      let interlace = bitmapInfo.interlace;
      let bpp = bitmapInfo.bpp;
      let depth = bitmapInfo.depth;
      this.read = dependencies.read;
      this.write = dependencies.write;
      this.complete = dependencies.complete;
      this._imageIndex = 0;
      this._images = [];
      if (interlace) {
        let passes = interlaceUtils.getImagePasses(width, height);
        for (let i = 0; i < passes.length; i++) {
          this._images.push({
            byteWidth: getByteWidth(passes[i].width, bpp, depth),
            height: passes[i].height,
            lineIndex: 0
          });
        }
      } else {
        this._images.push({
          byteWidth: getByteWidth(width, bpp, depth),
          height,
          lineIndex: 0
        });
      }
      if (depth === 8) {
        this._xComparison = bpp;
      } else if (depth === 16) {
        this._xComparison = bpp * 2;
      } else {
        this._xComparison = 1;
      }
    };
    Filter.prototype.start = function() {
      this.read(
        this._images[this._imageIndex].byteWidth + 1,
        this._reverseFilterLine.bind(this)
      );
    };
    Filter.prototype._unFilterType1 = function(rawData, unfilteredLine, byteWidth) {
      let xComparison = this._xComparison;
      let xBiggerThan = xComparison - 1;
      for (let x = 0; x < byteWidth; x++) {
        let rawByte = rawData[1 + x];
        let f1Left = x > xBiggerThan ? unfilteredLine[x - xComparison] : 0;
        unfilteredLine[x] = rawByte + f1Left;
      }
    };
    Filter.prototype._unFilterType2 = function(rawData, unfilteredLine, byteWidth) {
      let lastLine = this._lastLine;
      for (let x = 0; x < byteWidth; x++) {
        let rawByte = rawData[1 + x];
        let f2Up = lastLine ? lastLine[x] : 0;
        unfilteredLine[x] = rawByte + f2Up;
      }
    };
    Filter.prototype._unFilterType3 = function(rawData, unfilteredLine, byteWidth) {
      let xComparison = this._xComparison;
      let xBiggerThan = xComparison - 1;
      let lastLine = this._lastLine;
      for (let x = 0; x < byteWidth; x++) {
        let rawByte = rawData[1 + x];
        let f3Up = lastLine ? lastLine[x] : 0;
        let f3Left = x > xBiggerThan ? unfilteredLine[x - xComparison] : 0;
        let f3Add = Math.floor((f3Left + f3Up) / 2);
        unfilteredLine[x] = rawByte + f3Add;
      }
    };
    Filter.prototype._unFilterType4 = function(rawData, unfilteredLine, byteWidth) {
      let xComparison = this._xComparison;
      let xBiggerThan = xComparison - 1;
      let lastLine = this._lastLine;
      for (let x = 0; x < byteWidth; x++) {
        let rawByte = rawData[1 + x];
        let f4Up = lastLine ? lastLine[x] : 0;
        let f4Left = x > xBiggerThan ? unfilteredLine[x - xComparison] : 0;
        let f4UpLeft = x > xBiggerThan && lastLine ? lastLine[x - xComparison] : 0;
        let f4Add = paethPredictor(f4Left, f4Up, f4UpLeft);
        unfilteredLine[x] = rawByte + f4Add;
      }
    };
    Filter.prototype._reverseFilterLine = function(rawData) {
      let filter = rawData[0];
      let unfilteredLine;
      let currentImage = this._images[this._imageIndex];
      let byteWidth = currentImage.byteWidth;
      if (filter === 0) {
        unfilteredLine = rawData.slice(1, byteWidth + 1);
      } else {
        unfilteredLine = Buffer.alloc(byteWidth);
        switch (filter) {
          case 1:
            this._unFilterType1(rawData, unfilteredLine, byteWidth);
            break;
          case 2:
            this._unFilterType2(rawData, unfilteredLine, byteWidth);
            break;
          case 3:
            this._unFilterType3(rawData, unfilteredLine, byteWidth);
            break;
          case 4:
            this._unFilterType4(rawData, unfilteredLine, byteWidth);
            break;
          default:
            throw new Error("Unrecognised filter type - " + filter);
        }
      }
      this.write(unfilteredLine);
      currentImage.lineIndex++;
      if (currentImage.lineIndex >= currentImage.height) {
        this._lastLine = null;
        this._imageIndex++;
        currentImage = this._images[this._imageIndex];
      } else {
        this._lastLine = unfilteredLine;
      }
      if (currentImage) {
        this.read(currentImage.byteWidth + 1, this._reverseFilterLine.bind(this));
      } else {
        this._lastLine = null;
        this.complete();
      }
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/filter-parse-async.js
var require_filter_parse_async = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/filter-parse-async.js"(exports2, module2) {
    "use strict";
    var util2 = require("util");
    var ChunkStream = require_chunkstream();
    var Filter = require_filter_parse();
    var FilterAsync = module2.exports = function(bitmapInfo) {
      ChunkStream.call(this);
      let buffers = [];
      let that = this;
      this._filter = new Filter(bitmapInfo, {
        read: this.read.bind(this),
        write: function(buffer) {
          buffers.push(buffer);
        },
        complete: function() {
          that.emit("complete", Buffer.concat(buffers));
        }
      });
      this._filter.start();
    };
    util2.inherits(FilterAsync, ChunkStream);
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/constants.js
var require_constants = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/constants.js"(exports2, module2) {
    "use strict";
    module2.exports = {
      PNG_SIGNATURE: [137, 80, 78, 71, 13, 10, 26, 10],
      TYPE_IHDR: 1229472850,
      TYPE_IEND: 1229278788,
      TYPE_IDAT: 1229209940,
      TYPE_PLTE: 1347179589,
      TYPE_tRNS: 1951551059,
      // eslint-disable-line camelcase
      TYPE_gAMA: 1732332865,
      // eslint-disable-line camelcase
      // color-type bits
      COLORTYPE_GRAYSCALE: 0,
      COLORTYPE_PALETTE: 1,
      COLORTYPE_COLOR: 2,
      COLORTYPE_ALPHA: 4,
      // e.g. grayscale and alpha
      // color-type combinations
      COLORTYPE_PALETTE_COLOR: 3,
      COLORTYPE_COLOR_ALPHA: 6,
      COLORTYPE_TO_BPP_MAP: {
        0: 1,
        2: 3,
        3: 1,
        4: 2,
        6: 4
      },
      GAMMA_DIVISION: 1e5
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/crc.js
var require_crc = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/crc.js"(exports2, module2) {
    "use strict";
    var crcTable2 = [];
    (function() {
      for (let i = 0; i < 256; i++) {
        let currentCrc = i;
        for (let j = 0; j < 8; j++) {
          if (currentCrc & 1) {
            currentCrc = 3988292384 ^ currentCrc >>> 1;
          } else {
            currentCrc = currentCrc >>> 1;
          }
        }
        crcTable2[i] = currentCrc;
      }
    })();
    var CrcCalculator = module2.exports = function() {
      this._crc = -1;
    };
    CrcCalculator.prototype.write = function(data) {
      for (let i = 0; i < data.length; i++) {
        this._crc = crcTable2[(this._crc ^ data[i]) & 255] ^ this._crc >>> 8;
      }
      return true;
    };
    CrcCalculator.prototype.crc32 = function() {
      return this._crc ^ -1;
    };
    CrcCalculator.crc32 = function(buf) {
      let crc = -1;
      for (let i = 0; i < buf.length; i++) {
        crc = crcTable2[(crc ^ buf[i]) & 255] ^ crc >>> 8;
      }
      return crc ^ -1;
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/parser.js
var require_parser = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/parser.js"(exports2, module2) {
    "use strict";
    var constants3 = require_constants();
    var CrcCalculator = require_crc();
    var Parser = module2.exports = function(options, dependencies) {
      this._options = options;
      options.checkCRC = options.checkCRC !== false;
      this._hasIHDR = false;
      this._hasIEND = false;
      this._emittedHeadersFinished = false;
      this._palette = [];
      this._colorType = 0;
      this._chunks = {};
      this._chunks[constants3.TYPE_IHDR] = this._handleIHDR.bind(this);
      this._chunks[constants3.TYPE_IEND] = this._handleIEND.bind(this);
      this._chunks[constants3.TYPE_IDAT] = this._handleIDAT.bind(this);
      this._chunks[constants3.TYPE_PLTE] = this._handlePLTE.bind(this);
      this._chunks[constants3.TYPE_tRNS] = this._handleTRNS.bind(this);
      this._chunks[constants3.TYPE_gAMA] = this._handleGAMA.bind(this);
      this.read = dependencies.read;
      this.error = dependencies.error;
      this.metadata = dependencies.metadata;
      this.gamma = dependencies.gamma;
      this.transColor = dependencies.transColor;
      this.palette = dependencies.palette;
      this.parsed = dependencies.parsed;
      this.inflateData = dependencies.inflateData;
      this.finished = dependencies.finished;
      this.simpleTransparency = dependencies.simpleTransparency;
      this.headersFinished = dependencies.headersFinished || function() {
      };
    };
    Parser.prototype.start = function() {
      this.read(constants3.PNG_SIGNATURE.length, this._parseSignature.bind(this));
    };
    Parser.prototype._parseSignature = function(data) {
      let signature = constants3.PNG_SIGNATURE;
      for (let i = 0; i < signature.length; i++) {
        if (data[i] !== signature[i]) {
          this.error(new Error("Invalid file signature"));
          return;
        }
      }
      this.read(8, this._parseChunkBegin.bind(this));
    };
    Parser.prototype._parseChunkBegin = function(data) {
      let length = data.readUInt32BE(0);
      let type = data.readUInt32BE(4);
      let name = "";
      for (let i = 4; i < 8; i++) {
        name += String.fromCharCode(data[i]);
      }
      let ancillary = Boolean(data[4] & 32);
      if (!this._hasIHDR && type !== constants3.TYPE_IHDR) {
        this.error(new Error("Expected IHDR on beggining"));
        return;
      }
      this._crc = new CrcCalculator();
      this._crc.write(Buffer.from(name));
      if (this._chunks[type]) {
        return this._chunks[type](length);
      }
      if (!ancillary) {
        this.error(new Error("Unsupported critical chunk type " + name));
        return;
      }
      this.read(length + 4, this._skipChunk.bind(this));
    };
    Parser.prototype._skipChunk = function() {
      this.read(8, this._parseChunkBegin.bind(this));
    };
    Parser.prototype._handleChunkEnd = function() {
      this.read(4, this._parseChunkEnd.bind(this));
    };
    Parser.prototype._parseChunkEnd = function(data) {
      let fileCrc = data.readInt32BE(0);
      let calcCrc = this._crc.crc32();
      if (this._options.checkCRC && calcCrc !== fileCrc) {
        this.error(new Error("Crc error - " + fileCrc + " - " + calcCrc));
        return;
      }
      if (!this._hasIEND) {
        this.read(8, this._parseChunkBegin.bind(this));
      }
    };
    Parser.prototype._handleIHDR = function(length) {
      this.read(length, this._parseIHDR.bind(this));
    };
    Parser.prototype._parseIHDR = function(data) {
      this._crc.write(data);
      let width = data.readUInt32BE(0);
      let height = data.readUInt32BE(4);
      let depth = data[8];
      let colorType = data[9];
      let compr = data[10];
      let filter = data[11];
      let interlace = data[12];
      if (depth !== 8 && depth !== 4 && depth !== 2 && depth !== 1 && depth !== 16) {
        this.error(new Error("Unsupported bit depth " + depth));
        return;
      }
      if (!(colorType in constants3.COLORTYPE_TO_BPP_MAP)) {
        this.error(new Error("Unsupported color type"));
        return;
      }
      if (compr !== 0) {
        this.error(new Error("Unsupported compression method"));
        return;
      }
      if (filter !== 0) {
        this.error(new Error("Unsupported filter method"));
        return;
      }
      if (interlace !== 0 && interlace !== 1) {
        this.error(new Error("Unsupported interlace method"));
        return;
      }
      this._colorType = colorType;
      let bpp = constants3.COLORTYPE_TO_BPP_MAP[this._colorType];
      this._hasIHDR = true;
      this.metadata({
        width,
        height,
        depth,
        interlace: Boolean(interlace),
        palette: Boolean(colorType & constants3.COLORTYPE_PALETTE),
        color: Boolean(colorType & constants3.COLORTYPE_COLOR),
        alpha: Boolean(colorType & constants3.COLORTYPE_ALPHA),
        bpp,
        colorType
      });
      this._handleChunkEnd();
    };
    Parser.prototype._handlePLTE = function(length) {
      this.read(length, this._parsePLTE.bind(this));
    };
    Parser.prototype._parsePLTE = function(data) {
      this._crc.write(data);
      let entries = Math.floor(data.length / 3);
      for (let i = 0; i < entries; i++) {
        this._palette.push([data[i * 3], data[i * 3 + 1], data[i * 3 + 2], 255]);
      }
      this.palette(this._palette);
      this._handleChunkEnd();
    };
    Parser.prototype._handleTRNS = function(length) {
      this.simpleTransparency();
      this.read(length, this._parseTRNS.bind(this));
    };
    Parser.prototype._parseTRNS = function(data) {
      this._crc.write(data);
      if (this._colorType === constants3.COLORTYPE_PALETTE_COLOR) {
        if (this._palette.length === 0) {
          this.error(new Error("Transparency chunk must be after palette"));
          return;
        }
        if (data.length > this._palette.length) {
          this.error(new Error("More transparent colors than palette size"));
          return;
        }
        for (let i = 0; i < data.length; i++) {
          this._palette[i][3] = data[i];
        }
        this.palette(this._palette);
      }
      if (this._colorType === constants3.COLORTYPE_GRAYSCALE) {
        this.transColor([data.readUInt16BE(0)]);
      }
      if (this._colorType === constants3.COLORTYPE_COLOR) {
        this.transColor([
          data.readUInt16BE(0),
          data.readUInt16BE(2),
          data.readUInt16BE(4)
        ]);
      }
      this._handleChunkEnd();
    };
    Parser.prototype._handleGAMA = function(length) {
      this.read(length, this._parseGAMA.bind(this));
    };
    Parser.prototype._parseGAMA = function(data) {
      this._crc.write(data);
      this.gamma(data.readUInt32BE(0) / constants3.GAMMA_DIVISION);
      this._handleChunkEnd();
    };
    Parser.prototype._handleIDAT = function(length) {
      if (!this._emittedHeadersFinished) {
        this._emittedHeadersFinished = true;
        this.headersFinished();
      }
      this.read(-length, this._parseIDAT.bind(this, length));
    };
    Parser.prototype._parseIDAT = function(length, data) {
      this._crc.write(data);
      if (this._colorType === constants3.COLORTYPE_PALETTE_COLOR && this._palette.length === 0) {
        throw new Error("Expected palette not found");
      }
      this.inflateData(data);
      let leftOverLength = length - data.length;
      if (leftOverLength > 0) {
        this._handleIDAT(leftOverLength);
      } else {
        this._handleChunkEnd();
      }
    };
    Parser.prototype._handleIEND = function(length) {
      this.read(length, this._parseIEND.bind(this));
    };
    Parser.prototype._parseIEND = function(data) {
      this._crc.write(data);
      this._hasIEND = true;
      this._handleChunkEnd();
      if (this.finished) {
        this.finished();
      }
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/bitmapper.js
var require_bitmapper = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/bitmapper.js"(exports2) {
    "use strict";
    var interlaceUtils = require_interlace();
    var pixelBppMapper = [
      // 0 - dummy entry
      function() {
      },
      // 1 - L
      // 0: 0, 1: 0, 2: 0, 3: 0xff
      function(pxData, data, pxPos, rawPos) {
        if (rawPos === data.length) {
          throw new Error("Ran out of data");
        }
        let pixel = data[rawPos];
        pxData[pxPos] = pixel;
        pxData[pxPos + 1] = pixel;
        pxData[pxPos + 2] = pixel;
        pxData[pxPos + 3] = 255;
      },
      // 2 - LA
      // 0: 0, 1: 0, 2: 0, 3: 1
      function(pxData, data, pxPos, rawPos) {
        if (rawPos + 1 >= data.length) {
          throw new Error("Ran out of data");
        }
        let pixel = data[rawPos];
        pxData[pxPos] = pixel;
        pxData[pxPos + 1] = pixel;
        pxData[pxPos + 2] = pixel;
        pxData[pxPos + 3] = data[rawPos + 1];
      },
      // 3 - RGB
      // 0: 0, 1: 1, 2: 2, 3: 0xff
      function(pxData, data, pxPos, rawPos) {
        if (rawPos + 2 >= data.length) {
          throw new Error("Ran out of data");
        }
        pxData[pxPos] = data[rawPos];
        pxData[pxPos + 1] = data[rawPos + 1];
        pxData[pxPos + 2] = data[rawPos + 2];
        pxData[pxPos + 3] = 255;
      },
      // 4 - RGBA
      // 0: 0, 1: 1, 2: 2, 3: 3
      function(pxData, data, pxPos, rawPos) {
        if (rawPos + 3 >= data.length) {
          throw new Error("Ran out of data");
        }
        pxData[pxPos] = data[rawPos];
        pxData[pxPos + 1] = data[rawPos + 1];
        pxData[pxPos + 2] = data[rawPos + 2];
        pxData[pxPos + 3] = data[rawPos + 3];
      }
    ];
    var pixelBppCustomMapper = [
      // 0 - dummy entry
      function() {
      },
      // 1 - L
      // 0: 0, 1: 0, 2: 0, 3: 0xff
      function(pxData, pixelData, pxPos, maxBit) {
        let pixel = pixelData[0];
        pxData[pxPos] = pixel;
        pxData[pxPos + 1] = pixel;
        pxData[pxPos + 2] = pixel;
        pxData[pxPos + 3] = maxBit;
      },
      // 2 - LA
      // 0: 0, 1: 0, 2: 0, 3: 1
      function(pxData, pixelData, pxPos) {
        let pixel = pixelData[0];
        pxData[pxPos] = pixel;
        pxData[pxPos + 1] = pixel;
        pxData[pxPos + 2] = pixel;
        pxData[pxPos + 3] = pixelData[1];
      },
      // 3 - RGB
      // 0: 0, 1: 1, 2: 2, 3: 0xff
      function(pxData, pixelData, pxPos, maxBit) {
        pxData[pxPos] = pixelData[0];
        pxData[pxPos + 1] = pixelData[1];
        pxData[pxPos + 2] = pixelData[2];
        pxData[pxPos + 3] = maxBit;
      },
      // 4 - RGBA
      // 0: 0, 1: 1, 2: 2, 3: 3
      function(pxData, pixelData, pxPos) {
        pxData[pxPos] = pixelData[0];
        pxData[pxPos + 1] = pixelData[1];
        pxData[pxPos + 2] = pixelData[2];
        pxData[pxPos + 3] = pixelData[3];
      }
    ];
    function bitRetriever(data, depth) {
      let leftOver = [];
      let i = 0;
      function split() {
        if (i === data.length) {
          throw new Error("Ran out of data");
        }
        let byte = data[i];
        i++;
        let byte8, byte7, byte6, byte5, byte4, byte3, byte2, byte1;
        switch (depth) {
          default:
            throw new Error("unrecognised depth");
          case 16:
            byte2 = data[i];
            i++;
            leftOver.push((byte << 8) + byte2);
            break;
          case 4:
            byte2 = byte & 15;
            byte1 = byte >> 4;
            leftOver.push(byte1, byte2);
            break;
          case 2:
            byte4 = byte & 3;
            byte3 = byte >> 2 & 3;
            byte2 = byte >> 4 & 3;
            byte1 = byte >> 6 & 3;
            leftOver.push(byte1, byte2, byte3, byte4);
            break;
          case 1:
            byte8 = byte & 1;
            byte7 = byte >> 1 & 1;
            byte6 = byte >> 2 & 1;
            byte5 = byte >> 3 & 1;
            byte4 = byte >> 4 & 1;
            byte3 = byte >> 5 & 1;
            byte2 = byte >> 6 & 1;
            byte1 = byte >> 7 & 1;
            leftOver.push(byte1, byte2, byte3, byte4, byte5, byte6, byte7, byte8);
            break;
        }
      }
      return {
        get: function(count) {
          while (leftOver.length < count) {
            split();
          }
          let returner = leftOver.slice(0, count);
          leftOver = leftOver.slice(count);
          return returner;
        },
        resetAfterLine: function() {
          leftOver.length = 0;
        },
        end: function() {
          if (i !== data.length) {
            throw new Error("extra data found");
          }
        }
      };
    }
    function mapImage8Bit(image, pxData, getPxPos, bpp, data, rawPos) {
      let imageWidth = image.width;
      let imageHeight = image.height;
      let imagePass = image.index;
      for (let y = 0; y < imageHeight; y++) {
        for (let x = 0; x < imageWidth; x++) {
          let pxPos = getPxPos(x, y, imagePass);
          pixelBppMapper[bpp](pxData, data, pxPos, rawPos);
          rawPos += bpp;
        }
      }
      return rawPos;
    }
    function mapImageCustomBit(image, pxData, getPxPos, bpp, bits2, maxBit) {
      let imageWidth = image.width;
      let imageHeight = image.height;
      let imagePass = image.index;
      for (let y = 0; y < imageHeight; y++) {
        for (let x = 0; x < imageWidth; x++) {
          let pixelData = bits2.get(bpp);
          let pxPos = getPxPos(x, y, imagePass);
          pixelBppCustomMapper[bpp](pxData, pixelData, pxPos, maxBit);
        }
        bits2.resetAfterLine();
      }
    }
    exports2.dataToBitMap = function(data, bitmapInfo) {
      let width = bitmapInfo.width;
      let height = bitmapInfo.height;
      let depth = bitmapInfo.depth;
      let bpp = bitmapInfo.bpp;
      let interlace = bitmapInfo.interlace;
      let bits2;
      if (depth !== 8) {
        bits2 = bitRetriever(data, depth);
      }
      let pxData;
      if (depth <= 8) {
        pxData = Buffer.alloc(width * height * 4);
      } else {
        pxData = new Uint16Array(width * height * 4);
      }
      let maxBit = Math.pow(2, depth) - 1;
      let rawPos = 0;
      let images;
      let getPxPos;
      if (interlace) {
        images = interlaceUtils.getImagePasses(width, height);
        getPxPos = interlaceUtils.getInterlaceIterator(width, height);
      } else {
        let nonInterlacedPxPos = 0;
        getPxPos = function() {
          let returner = nonInterlacedPxPos;
          nonInterlacedPxPos += 4;
          return returner;
        };
        images = [{ width, height }];
      }
      for (let imageIndex = 0; imageIndex < images.length; imageIndex++) {
        if (depth === 8) {
          rawPos = mapImage8Bit(
            images[imageIndex],
            pxData,
            getPxPos,
            bpp,
            data,
            rawPos
          );
        } else {
          mapImageCustomBit(
            images[imageIndex],
            pxData,
            getPxPos,
            bpp,
            bits2,
            maxBit
          );
        }
      }
      if (depth === 8) {
        if (rawPos !== data.length) {
          throw new Error("extra data found");
        }
      } else {
        bits2.end();
      }
      return pxData;
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/format-normaliser.js
var require_format_normaliser = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/format-normaliser.js"(exports2, module2) {
    "use strict";
    function dePalette(indata, outdata, width, height, palette) {
      let pxPos = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          let color = palette[indata[pxPos]];
          if (!color) {
            throw new Error("index " + indata[pxPos] + " not in palette");
          }
          for (let i = 0; i < 4; i++) {
            outdata[pxPos + i] = color[i];
          }
          pxPos += 4;
        }
      }
    }
    function replaceTransparentColor(indata, outdata, width, height, transColor) {
      let pxPos = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          let makeTrans = false;
          if (transColor.length === 1) {
            if (transColor[0] === indata[pxPos]) {
              makeTrans = true;
            }
          } else if (transColor[0] === indata[pxPos] && transColor[1] === indata[pxPos + 1] && transColor[2] === indata[pxPos + 2]) {
            makeTrans = true;
          }
          if (makeTrans) {
            for (let i = 0; i < 4; i++) {
              outdata[pxPos + i] = 0;
            }
          }
          pxPos += 4;
        }
      }
    }
    function scaleDepth(indata, outdata, width, height, depth) {
      let maxOutSample = 255;
      let maxInSample = Math.pow(2, depth) - 1;
      let pxPos = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          for (let i = 0; i < 4; i++) {
            outdata[pxPos + i] = Math.floor(
              indata[pxPos + i] * maxOutSample / maxInSample + 0.5
            );
          }
          pxPos += 4;
        }
      }
    }
    module2.exports = function(indata, imageData) {
      let depth = imageData.depth;
      let width = imageData.width;
      let height = imageData.height;
      let colorType = imageData.colorType;
      let transColor = imageData.transColor;
      let palette = imageData.palette;
      let outdata = indata;
      if (colorType === 3) {
        dePalette(indata, outdata, width, height, palette);
      } else {
        if (transColor) {
          replaceTransparentColor(indata, outdata, width, height, transColor);
        }
        if (depth !== 8) {
          if (depth === 16) {
            outdata = Buffer.alloc(width * height * 4);
          }
          scaleDepth(indata, outdata, width, height, depth);
        }
      }
      return outdata;
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/parser-async.js
var require_parser_async = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/parser-async.js"(exports2, module2) {
    "use strict";
    var util2 = require("util");
    var zlib2 = require("zlib");
    var ChunkStream = require_chunkstream();
    var FilterAsync = require_filter_parse_async();
    var Parser = require_parser();
    var bitmapper = require_bitmapper();
    var formatNormaliser = require_format_normaliser();
    var ParserAsync = module2.exports = function(options) {
      ChunkStream.call(this);
      this._parser = new Parser(options, {
        read: this.read.bind(this),
        error: this._handleError.bind(this),
        metadata: this._handleMetaData.bind(this),
        gamma: this.emit.bind(this, "gamma"),
        palette: this._handlePalette.bind(this),
        transColor: this._handleTransColor.bind(this),
        finished: this._finished.bind(this),
        inflateData: this._inflateData.bind(this),
        simpleTransparency: this._simpleTransparency.bind(this),
        headersFinished: this._headersFinished.bind(this)
      });
      this._options = options;
      this.writable = true;
      this._parser.start();
    };
    util2.inherits(ParserAsync, ChunkStream);
    ParserAsync.prototype._handleError = function(err) {
      this.emit("error", err);
      this.writable = false;
      this.destroy();
      if (this._inflate && this._inflate.destroy) {
        this._inflate.destroy();
      }
      if (this._filter) {
        this._filter.destroy();
        this._filter.on("error", function() {
        });
      }
      this.errord = true;
    };
    ParserAsync.prototype._inflateData = function(data) {
      if (!this._inflate) {
        if (this._bitmapInfo.interlace) {
          this._inflate = zlib2.createInflate();
          this._inflate.on("error", this.emit.bind(this, "error"));
          this._filter.on("complete", this._complete.bind(this));
          this._inflate.pipe(this._filter);
        } else {
          let rowSize = (this._bitmapInfo.width * this._bitmapInfo.bpp * this._bitmapInfo.depth + 7 >> 3) + 1;
          let imageSize = rowSize * this._bitmapInfo.height;
          let chunkSize = Math.max(imageSize, zlib2.Z_MIN_CHUNK);
          this._inflate = zlib2.createInflate({ chunkSize });
          let leftToInflate = imageSize;
          let emitError = this.emit.bind(this, "error");
          this._inflate.on("error", function(err) {
            if (!leftToInflate) {
              return;
            }
            emitError(err);
          });
          this._filter.on("complete", this._complete.bind(this));
          let filterWrite = this._filter.write.bind(this._filter);
          this._inflate.on("data", function(chunk) {
            if (!leftToInflate) {
              return;
            }
            if (chunk.length > leftToInflate) {
              chunk = chunk.slice(0, leftToInflate);
            }
            leftToInflate -= chunk.length;
            filterWrite(chunk);
          });
          this._inflate.on("end", this._filter.end.bind(this._filter));
        }
      }
      this._inflate.write(data);
    };
    ParserAsync.prototype._handleMetaData = function(metaData) {
      this._metaData = metaData;
      this._bitmapInfo = Object.create(metaData);
      this._filter = new FilterAsync(this._bitmapInfo);
    };
    ParserAsync.prototype._handleTransColor = function(transColor) {
      this._bitmapInfo.transColor = transColor;
    };
    ParserAsync.prototype._handlePalette = function(palette) {
      this._bitmapInfo.palette = palette;
    };
    ParserAsync.prototype._simpleTransparency = function() {
      this._metaData.alpha = true;
    };
    ParserAsync.prototype._headersFinished = function() {
      this.emit("metadata", this._metaData);
    };
    ParserAsync.prototype._finished = function() {
      if (this.errord) {
        return;
      }
      if (!this._inflate) {
        this.emit("error", "No Inflate block");
      } else {
        this._inflate.end();
      }
    };
    ParserAsync.prototype._complete = function(filteredData) {
      if (this.errord) {
        return;
      }
      let normalisedBitmapData;
      try {
        let bitmapData = bitmapper.dataToBitMap(filteredData, this._bitmapInfo);
        normalisedBitmapData = formatNormaliser(bitmapData, this._bitmapInfo);
        bitmapData = null;
      } catch (ex) {
        this._handleError(ex);
        return;
      }
      this.emit("parsed", normalisedBitmapData);
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/bitpacker.js
var require_bitpacker = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/bitpacker.js"(exports2, module2) {
    "use strict";
    var constants3 = require_constants();
    module2.exports = function(dataIn, width, height, options) {
      let outHasAlpha = [constants3.COLORTYPE_COLOR_ALPHA, constants3.COLORTYPE_ALPHA].indexOf(
        options.colorType
      ) !== -1;
      if (options.colorType === options.inputColorType) {
        let bigEndian = (function() {
          let buffer = new ArrayBuffer(2);
          new DataView(buffer).setInt16(
            0,
            256,
            true
            /* littleEndian */
          );
          return new Int16Array(buffer)[0] !== 256;
        })();
        if (options.bitDepth === 8 || options.bitDepth === 16 && bigEndian) {
          return dataIn;
        }
      }
      let data = options.bitDepth !== 16 ? dataIn : new Uint16Array(dataIn.buffer);
      let maxValue = 255;
      let inBpp = constants3.COLORTYPE_TO_BPP_MAP[options.inputColorType];
      if (inBpp === 4 && !options.inputHasAlpha) {
        inBpp = 3;
      }
      let outBpp = constants3.COLORTYPE_TO_BPP_MAP[options.colorType];
      if (options.bitDepth === 16) {
        maxValue = 65535;
        outBpp *= 2;
      }
      let outData = Buffer.alloc(width * height * outBpp);
      let inIndex = 0;
      let outIndex = 0;
      let bgColor = options.bgColor || {};
      if (bgColor.red === void 0) {
        bgColor.red = maxValue;
      }
      if (bgColor.green === void 0) {
        bgColor.green = maxValue;
      }
      if (bgColor.blue === void 0) {
        bgColor.blue = maxValue;
      }
      function getRGBA() {
        let red;
        let green;
        let blue;
        let alpha = maxValue;
        switch (options.inputColorType) {
          case constants3.COLORTYPE_COLOR_ALPHA:
            alpha = data[inIndex + 3];
            red = data[inIndex];
            green = data[inIndex + 1];
            blue = data[inIndex + 2];
            break;
          case constants3.COLORTYPE_COLOR:
            red = data[inIndex];
            green = data[inIndex + 1];
            blue = data[inIndex + 2];
            break;
          case constants3.COLORTYPE_ALPHA:
            alpha = data[inIndex + 1];
            red = data[inIndex];
            green = red;
            blue = red;
            break;
          case constants3.COLORTYPE_GRAYSCALE:
            red = data[inIndex];
            green = red;
            blue = red;
            break;
          default:
            throw new Error(
              "input color type:" + options.inputColorType + " is not supported at present"
            );
        }
        if (options.inputHasAlpha) {
          if (!outHasAlpha) {
            alpha /= maxValue;
            red = Math.min(
              Math.max(Math.round((1 - alpha) * bgColor.red + alpha * red), 0),
              maxValue
            );
            green = Math.min(
              Math.max(Math.round((1 - alpha) * bgColor.green + alpha * green), 0),
              maxValue
            );
            blue = Math.min(
              Math.max(Math.round((1 - alpha) * bgColor.blue + alpha * blue), 0),
              maxValue
            );
          }
        }
        return { red, green, blue, alpha };
      }
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          let rgba = getRGBA(data, inIndex);
          switch (options.colorType) {
            case constants3.COLORTYPE_COLOR_ALPHA:
            case constants3.COLORTYPE_COLOR:
              if (options.bitDepth === 8) {
                outData[outIndex] = rgba.red;
                outData[outIndex + 1] = rgba.green;
                outData[outIndex + 2] = rgba.blue;
                if (outHasAlpha) {
                  outData[outIndex + 3] = rgba.alpha;
                }
              } else {
                outData.writeUInt16BE(rgba.red, outIndex);
                outData.writeUInt16BE(rgba.green, outIndex + 2);
                outData.writeUInt16BE(rgba.blue, outIndex + 4);
                if (outHasAlpha) {
                  outData.writeUInt16BE(rgba.alpha, outIndex + 6);
                }
              }
              break;
            case constants3.COLORTYPE_ALPHA:
            case constants3.COLORTYPE_GRAYSCALE: {
              let grayscale = (rgba.red + rgba.green + rgba.blue) / 3;
              if (options.bitDepth === 8) {
                outData[outIndex] = grayscale;
                if (outHasAlpha) {
                  outData[outIndex + 1] = rgba.alpha;
                }
              } else {
                outData.writeUInt16BE(grayscale, outIndex);
                if (outHasAlpha) {
                  outData.writeUInt16BE(rgba.alpha, outIndex + 2);
                }
              }
              break;
            }
            default:
              throw new Error("unrecognised color Type " + options.colorType);
          }
          inIndex += inBpp;
          outIndex += outBpp;
        }
      }
      return outData;
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/filter-pack.js
var require_filter_pack = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/filter-pack.js"(exports2, module2) {
    "use strict";
    var paethPredictor = require_paeth_predictor();
    function filterNone(pxData, pxPos, byteWidth, rawData, rawPos) {
      for (let x = 0; x < byteWidth; x++) {
        rawData[rawPos + x] = pxData[pxPos + x];
      }
    }
    function filterSumNone(pxData, pxPos, byteWidth) {
      let sum = 0;
      let length = pxPos + byteWidth;
      for (let i = pxPos; i < length; i++) {
        sum += Math.abs(pxData[i]);
      }
      return sum;
    }
    function filterSub(pxData, pxPos, byteWidth, rawData, rawPos, bpp) {
      for (let x = 0; x < byteWidth; x++) {
        let left = x >= bpp ? pxData[pxPos + x - bpp] : 0;
        let val = pxData[pxPos + x] - left;
        rawData[rawPos + x] = val;
      }
    }
    function filterSumSub(pxData, pxPos, byteWidth, bpp) {
      let sum = 0;
      for (let x = 0; x < byteWidth; x++) {
        let left = x >= bpp ? pxData[pxPos + x - bpp] : 0;
        let val = pxData[pxPos + x] - left;
        sum += Math.abs(val);
      }
      return sum;
    }
    function filterUp(pxData, pxPos, byteWidth, rawData, rawPos) {
      for (let x = 0; x < byteWidth; x++) {
        let up = pxPos > 0 ? pxData[pxPos + x - byteWidth] : 0;
        let val = pxData[pxPos + x] - up;
        rawData[rawPos + x] = val;
      }
    }
    function filterSumUp(pxData, pxPos, byteWidth) {
      let sum = 0;
      let length = pxPos + byteWidth;
      for (let x = pxPos; x < length; x++) {
        let up = pxPos > 0 ? pxData[x - byteWidth] : 0;
        let val = pxData[x] - up;
        sum += Math.abs(val);
      }
      return sum;
    }
    function filterAvg(pxData, pxPos, byteWidth, rawData, rawPos, bpp) {
      for (let x = 0; x < byteWidth; x++) {
        let left = x >= bpp ? pxData[pxPos + x - bpp] : 0;
        let up = pxPos > 0 ? pxData[pxPos + x - byteWidth] : 0;
        let val = pxData[pxPos + x] - (left + up >> 1);
        rawData[rawPos + x] = val;
      }
    }
    function filterSumAvg(pxData, pxPos, byteWidth, bpp) {
      let sum = 0;
      for (let x = 0; x < byteWidth; x++) {
        let left = x >= bpp ? pxData[pxPos + x - bpp] : 0;
        let up = pxPos > 0 ? pxData[pxPos + x - byteWidth] : 0;
        let val = pxData[pxPos + x] - (left + up >> 1);
        sum += Math.abs(val);
      }
      return sum;
    }
    function filterPaeth(pxData, pxPos, byteWidth, rawData, rawPos, bpp) {
      for (let x = 0; x < byteWidth; x++) {
        let left = x >= bpp ? pxData[pxPos + x - bpp] : 0;
        let up = pxPos > 0 ? pxData[pxPos + x - byteWidth] : 0;
        let upleft = pxPos > 0 && x >= bpp ? pxData[pxPos + x - (byteWidth + bpp)] : 0;
        let val = pxData[pxPos + x] - paethPredictor(left, up, upleft);
        rawData[rawPos + x] = val;
      }
    }
    function filterSumPaeth(pxData, pxPos, byteWidth, bpp) {
      let sum = 0;
      for (let x = 0; x < byteWidth; x++) {
        let left = x >= bpp ? pxData[pxPos + x - bpp] : 0;
        let up = pxPos > 0 ? pxData[pxPos + x - byteWidth] : 0;
        let upleft = pxPos > 0 && x >= bpp ? pxData[pxPos + x - (byteWidth + bpp)] : 0;
        let val = pxData[pxPos + x] - paethPredictor(left, up, upleft);
        sum += Math.abs(val);
      }
      return sum;
    }
    var filters = {
      0: filterNone,
      1: filterSub,
      2: filterUp,
      3: filterAvg,
      4: filterPaeth
    };
    var filterSums = {
      0: filterSumNone,
      1: filterSumSub,
      2: filterSumUp,
      3: filterSumAvg,
      4: filterSumPaeth
    };
    module2.exports = function(pxData, width, height, options, bpp) {
      let filterTypes;
      if (!("filterType" in options) || options.filterType === -1) {
        filterTypes = [0, 1, 2, 3, 4];
      } else if (typeof options.filterType === "number") {
        filterTypes = [options.filterType];
      } else {
        throw new Error("unrecognised filter types");
      }
      if (options.bitDepth === 16) {
        bpp *= 2;
      }
      let byteWidth = width * bpp;
      let rawPos = 0;
      let pxPos = 0;
      let rawData = Buffer.alloc((byteWidth + 1) * height);
      let sel = filterTypes[0];
      for (let y = 0; y < height; y++) {
        if (filterTypes.length > 1) {
          let min = Infinity;
          for (let i = 0; i < filterTypes.length; i++) {
            let sum = filterSums[filterTypes[i]](pxData, pxPos, byteWidth, bpp);
            if (sum < min) {
              sel = filterTypes[i];
              min = sum;
            }
          }
        }
        rawData[rawPos] = sel;
        rawPos++;
        filters[sel](pxData, pxPos, byteWidth, rawData, rawPos, bpp);
        rawPos += byteWidth;
        pxPos += byteWidth;
      }
      return rawData;
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/packer.js
var require_packer = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/packer.js"(exports2, module2) {
    "use strict";
    var constants3 = require_constants();
    var CrcStream = require_crc();
    var bitPacker = require_bitpacker();
    var filter = require_filter_pack();
    var zlib2 = require("zlib");
    var Packer = module2.exports = function(options) {
      this._options = options;
      options.deflateChunkSize = options.deflateChunkSize || 32 * 1024;
      options.deflateLevel = options.deflateLevel != null ? options.deflateLevel : 9;
      options.deflateStrategy = options.deflateStrategy != null ? options.deflateStrategy : 3;
      options.inputHasAlpha = options.inputHasAlpha != null ? options.inputHasAlpha : true;
      options.deflateFactory = options.deflateFactory || zlib2.createDeflate;
      options.bitDepth = options.bitDepth || 8;
      options.colorType = typeof options.colorType === "number" ? options.colorType : constants3.COLORTYPE_COLOR_ALPHA;
      options.inputColorType = typeof options.inputColorType === "number" ? options.inputColorType : constants3.COLORTYPE_COLOR_ALPHA;
      if ([
        constants3.COLORTYPE_GRAYSCALE,
        constants3.COLORTYPE_COLOR,
        constants3.COLORTYPE_COLOR_ALPHA,
        constants3.COLORTYPE_ALPHA
      ].indexOf(options.colorType) === -1) {
        throw new Error(
          "option color type:" + options.colorType + " is not supported at present"
        );
      }
      if ([
        constants3.COLORTYPE_GRAYSCALE,
        constants3.COLORTYPE_COLOR,
        constants3.COLORTYPE_COLOR_ALPHA,
        constants3.COLORTYPE_ALPHA
      ].indexOf(options.inputColorType) === -1) {
        throw new Error(
          "option input color type:" + options.inputColorType + " is not supported at present"
        );
      }
      if (options.bitDepth !== 8 && options.bitDepth !== 16) {
        throw new Error(
          "option bit depth:" + options.bitDepth + " is not supported at present"
        );
      }
    };
    Packer.prototype.getDeflateOptions = function() {
      return {
        chunkSize: this._options.deflateChunkSize,
        level: this._options.deflateLevel,
        strategy: this._options.deflateStrategy
      };
    };
    Packer.prototype.createDeflate = function() {
      return this._options.deflateFactory(this.getDeflateOptions());
    };
    Packer.prototype.filterData = function(data, width, height) {
      let packedData = bitPacker(data, width, height, this._options);
      let bpp = constants3.COLORTYPE_TO_BPP_MAP[this._options.colorType];
      let filteredData = filter(packedData, width, height, this._options, bpp);
      return filteredData;
    };
    Packer.prototype._packChunk = function(type, data) {
      let len = data ? data.length : 0;
      let buf = Buffer.alloc(len + 12);
      buf.writeUInt32BE(len, 0);
      buf.writeUInt32BE(type, 4);
      if (data) {
        data.copy(buf, 8);
      }
      buf.writeInt32BE(
        CrcStream.crc32(buf.slice(4, buf.length - 4)),
        buf.length - 4
      );
      return buf;
    };
    Packer.prototype.packGAMA = function(gamma) {
      let buf = Buffer.alloc(4);
      buf.writeUInt32BE(Math.floor(gamma * constants3.GAMMA_DIVISION), 0);
      return this._packChunk(constants3.TYPE_gAMA, buf);
    };
    Packer.prototype.packIHDR = function(width, height) {
      let buf = Buffer.alloc(13);
      buf.writeUInt32BE(width, 0);
      buf.writeUInt32BE(height, 4);
      buf[8] = this._options.bitDepth;
      buf[9] = this._options.colorType;
      buf[10] = 0;
      buf[11] = 0;
      buf[12] = 0;
      return this._packChunk(constants3.TYPE_IHDR, buf);
    };
    Packer.prototype.packIDAT = function(data) {
      return this._packChunk(constants3.TYPE_IDAT, data);
    };
    Packer.prototype.packIEND = function() {
      return this._packChunk(constants3.TYPE_IEND, null);
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/packer-async.js
var require_packer_async = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/packer-async.js"(exports2, module2) {
    "use strict";
    var util2 = require("util");
    var Stream = require("stream");
    var constants3 = require_constants();
    var Packer = require_packer();
    var PackerAsync = module2.exports = function(opt) {
      Stream.call(this);
      let options = opt || {};
      this._packer = new Packer(options);
      this._deflate = this._packer.createDeflate();
      this.readable = true;
    };
    util2.inherits(PackerAsync, Stream);
    PackerAsync.prototype.pack = function(data, width, height, gamma) {
      this.emit("data", Buffer.from(constants3.PNG_SIGNATURE));
      this.emit("data", this._packer.packIHDR(width, height));
      if (gamma) {
        this.emit("data", this._packer.packGAMA(gamma));
      }
      let filteredData = this._packer.filterData(data, width, height);
      this._deflate.on("error", this.emit.bind(this, "error"));
      this._deflate.on(
        "data",
        function(compressedData) {
          this.emit("data", this._packer.packIDAT(compressedData));
        }.bind(this)
      );
      this._deflate.on(
        "end",
        function() {
          this.emit("data", this._packer.packIEND());
          this.emit("end");
        }.bind(this)
      );
      this._deflate.end(filteredData);
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/sync-inflate.js
var require_sync_inflate = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/sync-inflate.js"(exports2, module2) {
    "use strict";
    var assert = require("assert").ok;
    var zlib2 = require("zlib");
    var util2 = require("util");
    var kMaxLength = require("buffer").kMaxLength;
    function Inflate(opts) {
      if (!(this instanceof Inflate)) {
        return new Inflate(opts);
      }
      if (opts && opts.chunkSize < zlib2.Z_MIN_CHUNK) {
        opts.chunkSize = zlib2.Z_MIN_CHUNK;
      }
      zlib2.Inflate.call(this, opts);
      this._offset = this._offset === void 0 ? this._outOffset : this._offset;
      this._buffer = this._buffer || this._outBuffer;
      if (opts && opts.maxLength != null) {
        this._maxLength = opts.maxLength;
      }
    }
    function createInflate(opts) {
      return new Inflate(opts);
    }
    function _close(engine, callback) {
      if (callback) {
        process.nextTick(callback);
      }
      if (!engine._handle) {
        return;
      }
      engine._handle.close();
      engine._handle = null;
    }
    Inflate.prototype._processChunk = function(chunk, flushFlag, asyncCb) {
      if (typeof asyncCb === "function") {
        return zlib2.Inflate._processChunk.call(this, chunk, flushFlag, asyncCb);
      }
      let self2 = this;
      let availInBefore = chunk && chunk.length;
      let availOutBefore = this._chunkSize - this._offset;
      let leftToInflate = this._maxLength;
      let inOff = 0;
      let buffers = [];
      let nread = 0;
      let error;
      this.on("error", function(err) {
        error = err;
      });
      function handleChunk(availInAfter, availOutAfter) {
        if (self2._hadError) {
          return;
        }
        let have = availOutBefore - availOutAfter;
        assert(have >= 0, "have should not go down");
        if (have > 0) {
          let out = self2._buffer.slice(self2._offset, self2._offset + have);
          self2._offset += have;
          if (out.length > leftToInflate) {
            out = out.slice(0, leftToInflate);
          }
          buffers.push(out);
          nread += out.length;
          leftToInflate -= out.length;
          if (leftToInflate === 0) {
            return false;
          }
        }
        if (availOutAfter === 0 || self2._offset >= self2._chunkSize) {
          availOutBefore = self2._chunkSize;
          self2._offset = 0;
          self2._buffer = Buffer.allocUnsafe(self2._chunkSize);
        }
        if (availOutAfter === 0) {
          inOff += availInBefore - availInAfter;
          availInBefore = availInAfter;
          return true;
        }
        return false;
      }
      assert(this._handle, "zlib binding closed");
      let res;
      do {
        res = this._handle.writeSync(
          flushFlag,
          chunk,
          // in
          inOff,
          // in_off
          availInBefore,
          // in_len
          this._buffer,
          // out
          this._offset,
          //out_off
          availOutBefore
        );
        res = res || this._writeState;
      } while (!this._hadError && handleChunk(res[0], res[1]));
      if (this._hadError) {
        throw error;
      }
      if (nread >= kMaxLength) {
        _close(this);
        throw new RangeError(
          "Cannot create final Buffer. It would be larger than 0x" + kMaxLength.toString(16) + " bytes"
        );
      }
      let buf = Buffer.concat(buffers, nread);
      _close(this);
      return buf;
    };
    util2.inherits(Inflate, zlib2.Inflate);
    function zlibBufferSync(engine, buffer) {
      if (typeof buffer === "string") {
        buffer = Buffer.from(buffer);
      }
      if (!(buffer instanceof Buffer)) {
        throw new TypeError("Not a string or buffer");
      }
      let flushFlag = engine._finishFlushFlag;
      if (flushFlag == null) {
        flushFlag = zlib2.Z_FINISH;
      }
      return engine._processChunk(buffer, flushFlag);
    }
    function inflateSync(buffer, opts) {
      return zlibBufferSync(new Inflate(opts), buffer);
    }
    module2.exports = exports2 = inflateSync;
    exports2.Inflate = Inflate;
    exports2.createInflate = createInflate;
    exports2.inflateSync = inflateSync;
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/sync-reader.js
var require_sync_reader = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/sync-reader.js"(exports2, module2) {
    "use strict";
    var SyncReader = module2.exports = function(buffer) {
      this._buffer = buffer;
      this._reads = [];
    };
    SyncReader.prototype.read = function(length, callback) {
      this._reads.push({
        length: Math.abs(length),
        // if length < 0 then at most this length
        allowLess: length < 0,
        func: callback
      });
    };
    SyncReader.prototype.process = function() {
      while (this._reads.length > 0 && this._buffer.length) {
        let read = this._reads[0];
        if (this._buffer.length && (this._buffer.length >= read.length || read.allowLess)) {
          this._reads.shift();
          let buf = this._buffer;
          this._buffer = buf.slice(read.length);
          read.func.call(this, buf.slice(0, read.length));
        } else {
          break;
        }
      }
      if (this._reads.length > 0) {
        return new Error("There are some read requests waitng on finished stream");
      }
      if (this._buffer.length > 0) {
        return new Error("unrecognised content at end of stream");
      }
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/filter-parse-sync.js
var require_filter_parse_sync = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/filter-parse-sync.js"(exports2) {
    "use strict";
    var SyncReader = require_sync_reader();
    var Filter = require_filter_parse();
    exports2.process = function(inBuffer, bitmapInfo) {
      let outBuffers = [];
      let reader = new SyncReader(inBuffer);
      let filter = new Filter(bitmapInfo, {
        read: reader.read.bind(reader),
        write: function(bufferPart) {
          outBuffers.push(bufferPart);
        },
        complete: function() {
        }
      });
      filter.start();
      reader.process();
      return Buffer.concat(outBuffers);
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/parser-sync.js
var require_parser_sync = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/parser-sync.js"(exports2, module2) {
    "use strict";
    var hasSyncZlib = true;
    var zlib2 = require("zlib");
    var inflateSync = require_sync_inflate();
    if (!zlib2.deflateSync) {
      hasSyncZlib = false;
    }
    var SyncReader = require_sync_reader();
    var FilterSync = require_filter_parse_sync();
    var Parser = require_parser();
    var bitmapper = require_bitmapper();
    var formatNormaliser = require_format_normaliser();
    module2.exports = function(buffer, options) {
      if (!hasSyncZlib) {
        throw new Error(
          "To use the sync capability of this library in old node versions, please pin pngjs to v2.3.0"
        );
      }
      let err;
      function handleError(_err_) {
        err = _err_;
      }
      let metaData;
      function handleMetaData(_metaData_) {
        metaData = _metaData_;
      }
      function handleTransColor(transColor) {
        metaData.transColor = transColor;
      }
      function handlePalette(palette) {
        metaData.palette = palette;
      }
      function handleSimpleTransparency() {
        metaData.alpha = true;
      }
      let gamma;
      function handleGamma(_gamma_) {
        gamma = _gamma_;
      }
      let inflateDataList = [];
      function handleInflateData(inflatedData2) {
        inflateDataList.push(inflatedData2);
      }
      let reader = new SyncReader(buffer);
      let parser = new Parser(options, {
        read: reader.read.bind(reader),
        error: handleError,
        metadata: handleMetaData,
        gamma: handleGamma,
        palette: handlePalette,
        transColor: handleTransColor,
        inflateData: handleInflateData,
        simpleTransparency: handleSimpleTransparency
      });
      parser.start();
      reader.process();
      if (err) {
        throw err;
      }
      let inflateData = Buffer.concat(inflateDataList);
      inflateDataList.length = 0;
      let inflatedData;
      if (metaData.interlace) {
        inflatedData = zlib2.inflateSync(inflateData);
      } else {
        let rowSize = (metaData.width * metaData.bpp * metaData.depth + 7 >> 3) + 1;
        let imageSize = rowSize * metaData.height;
        inflatedData = inflateSync(inflateData, {
          chunkSize: imageSize,
          maxLength: imageSize
        });
      }
      inflateData = null;
      if (!inflatedData || !inflatedData.length) {
        throw new Error("bad png - invalid inflate data response");
      }
      let unfilteredData = FilterSync.process(inflatedData, metaData);
      inflateData = null;
      let bitmapData = bitmapper.dataToBitMap(unfilteredData, metaData);
      unfilteredData = null;
      let normalisedBitmapData = formatNormaliser(bitmapData, metaData);
      metaData.data = normalisedBitmapData;
      metaData.gamma = gamma || 0;
      return metaData;
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/packer-sync.js
var require_packer_sync = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/packer-sync.js"(exports2, module2) {
    "use strict";
    var hasSyncZlib = true;
    var zlib2 = require("zlib");
    if (!zlib2.deflateSync) {
      hasSyncZlib = false;
    }
    var constants3 = require_constants();
    var Packer = require_packer();
    module2.exports = function(metaData, opt) {
      if (!hasSyncZlib) {
        throw new Error(
          "To use the sync capability of this library in old node versions, please pin pngjs to v2.3.0"
        );
      }
      let options = opt || {};
      let packer = new Packer(options);
      let chunks = [];
      chunks.push(Buffer.from(constants3.PNG_SIGNATURE));
      chunks.push(packer.packIHDR(metaData.width, metaData.height));
      if (metaData.gamma) {
        chunks.push(packer.packGAMA(metaData.gamma));
      }
      let filteredData = packer.filterData(
        metaData.data,
        metaData.width,
        metaData.height
      );
      let compressedData = zlib2.deflateSync(
        filteredData,
        packer.getDeflateOptions()
      );
      filteredData = null;
      if (!compressedData || !compressedData.length) {
        throw new Error("bad png - invalid compressed data response");
      }
      chunks.push(packer.packIDAT(compressedData));
      chunks.push(packer.packIEND());
      return Buffer.concat(chunks);
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/png-sync.js
var require_png_sync = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/png-sync.js"(exports2) {
    "use strict";
    var parse = require_parser_sync();
    var pack = require_packer_sync();
    exports2.read = function(buffer, options) {
      return parse(buffer, options || {});
    };
    exports2.write = function(png, options) {
      return pack(png, options);
    };
  }
});

// node_modules/qrcode/node_modules/pngjs/lib/png.js
var require_png = __commonJS({
  "node_modules/qrcode/node_modules/pngjs/lib/png.js"(exports2) {
    "use strict";
    var util2 = require("util");
    var Stream = require("stream");
    var Parser = require_parser_async();
    var Packer = require_packer_async();
    var PNGSync = require_png_sync();
    var PNG = exports2.PNG = function(options) {
      Stream.call(this);
      options = options || {};
      this.width = options.width | 0;
      this.height = options.height | 0;
      this.data = this.width > 0 && this.height > 0 ? Buffer.alloc(4 * this.width * this.height) : null;
      if (options.fill && this.data) {
        this.data.fill(0);
      }
      this.gamma = 0;
      this.readable = this.writable = true;
      this._parser = new Parser(options);
      this._parser.on("error", this.emit.bind(this, "error"));
      this._parser.on("close", this._handleClose.bind(this));
      this._parser.on("metadata", this._metadata.bind(this));
      this._parser.on("gamma", this._gamma.bind(this));
      this._parser.on(
        "parsed",
        function(data) {
          this.data = data;
          this.emit("parsed", data);
        }.bind(this)
      );
      this._packer = new Packer(options);
      this._packer.on("data", this.emit.bind(this, "data"));
      this._packer.on("end", this.emit.bind(this, "end"));
      this._parser.on("close", this._handleClose.bind(this));
      this._packer.on("error", this.emit.bind(this, "error"));
    };
    util2.inherits(PNG, Stream);
    PNG.sync = PNGSync;
    PNG.prototype.pack = function() {
      if (!this.data || !this.data.length) {
        this.emit("error", "No data provided");
        return this;
      }
      process.nextTick(
        function() {
          this._packer.pack(this.data, this.width, this.height, this.gamma);
        }.bind(this)
      );
      return this;
    };
    PNG.prototype.parse = function(data, callback) {
      if (callback) {
        let onParsed, onError;
        onParsed = function(parsedData) {
          this.removeListener("error", onError);
          this.data = parsedData;
          callback(null, this);
        }.bind(this);
        onError = function(err) {
          this.removeListener("parsed", onParsed);
          callback(err, null);
        }.bind(this);
        this.once("parsed", onParsed);
        this.once("error", onError);
      }
      this.end(data);
      return this;
    };
    PNG.prototype.write = function(data) {
      this._parser.write(data);
      return true;
    };
    PNG.prototype.end = function(data) {
      this._parser.end(data);
    };
    PNG.prototype._metadata = function(metadata) {
      this.width = metadata.width;
      this.height = metadata.height;
      this.emit("metadata", metadata);
    };
    PNG.prototype._gamma = function(gamma) {
      this.gamma = gamma;
    };
    PNG.prototype._handleClose = function() {
      if (!this._parser.writable && !this._packer.readable) {
        this.emit("close");
      }
    };
    PNG.bitblt = function(src, dst, srcX, srcY, width, height, deltaX, deltaY) {
      srcX |= 0;
      srcY |= 0;
      width |= 0;
      height |= 0;
      deltaX |= 0;
      deltaY |= 0;
      if (srcX > src.width || srcY > src.height || srcX + width > src.width || srcY + height > src.height) {
        throw new Error("bitblt reading outside image");
      }
      if (deltaX > dst.width || deltaY > dst.height || deltaX + width > dst.width || deltaY + height > dst.height) {
        throw new Error("bitblt writing outside image");
      }
      for (let y = 0; y < height; y++) {
        src.data.copy(
          dst.data,
          (deltaY + y) * dst.width + deltaX << 2,
          (srcY + y) * src.width + srcX << 2,
          (srcY + y) * src.width + srcX + width << 2
        );
      }
    };
    PNG.prototype.bitblt = function(dst, srcX, srcY, width, height, deltaX, deltaY) {
      PNG.bitblt(this, dst, srcX, srcY, width, height, deltaX, deltaY);
      return this;
    };
    PNG.adjustGamma = function(src) {
      if (src.gamma) {
        for (let y = 0; y < src.height; y++) {
          for (let x = 0; x < src.width; x++) {
            let idx = src.width * y + x << 2;
            for (let i = 0; i < 3; i++) {
              let sample = src.data[idx + i] / 255;
              sample = Math.pow(sample, 1 / 2.2 / src.gamma);
              src.data[idx + i] = Math.round(sample * 255);
            }
          }
        }
        src.gamma = 0;
      }
    };
    PNG.prototype.adjustGamma = function() {
      PNG.adjustGamma(this);
    };
  }
});

// node_modules/qrcode/lib/renderer/utils.js
var require_utils2 = __commonJS({
  "node_modules/qrcode/lib/renderer/utils.js"(exports2) {
    function hex2rgba(hex) {
      if (typeof hex === "number") {
        hex = hex.toString();
      }
      if (typeof hex !== "string") {
        throw new Error("Color should be defined as hex string");
      }
      let hexCode = hex.slice().replace("#", "").split("");
      if (hexCode.length < 3 || hexCode.length === 5 || hexCode.length > 8) {
        throw new Error("Invalid hex color: " + hex);
      }
      if (hexCode.length === 3 || hexCode.length === 4) {
        hexCode = Array.prototype.concat.apply([], hexCode.map(function(c) {
          return [c, c];
        }));
      }
      if (hexCode.length === 6) hexCode.push("F", "F");
      const hexValue = parseInt(hexCode.join(""), 16);
      return {
        r: hexValue >> 24 & 255,
        g: hexValue >> 16 & 255,
        b: hexValue >> 8 & 255,
        a: hexValue & 255,
        hex: "#" + hexCode.slice(0, 6).join("")
      };
    }
    exports2.getOptions = function getOptions(options) {
      if (!options) options = {};
      if (!options.color) options.color = {};
      const margin = typeof options.margin === "undefined" || options.margin === null || options.margin < 0 ? 4 : options.margin;
      const width = options.width && options.width >= 21 ? options.width : void 0;
      const scale = options.scale || 4;
      return {
        width,
        scale: width ? 4 : scale,
        margin,
        color: {
          dark: hex2rgba(options.color.dark || "#000000ff"),
          light: hex2rgba(options.color.light || "#ffffffff")
        },
        type: options.type,
        rendererOpts: options.rendererOpts || {}
      };
    };
    exports2.getScale = function getScale(qrSize, opts) {
      return opts.width && opts.width >= qrSize + opts.margin * 2 ? opts.width / (qrSize + opts.margin * 2) : opts.scale;
    };
    exports2.getImageWidth = function getImageWidth(qrSize, opts) {
      const scale = exports2.getScale(qrSize, opts);
      return Math.floor((qrSize + opts.margin * 2) * scale);
    };
    exports2.qrToImageData = function qrToImageData(imgData, qr, opts) {
      const size = qr.modules.size;
      const data = qr.modules.data;
      const scale = exports2.getScale(size, opts);
      const symbolSize = Math.floor((size + opts.margin * 2) * scale);
      const scaledMargin = opts.margin * scale;
      const palette = [opts.color.light, opts.color.dark];
      for (let i = 0; i < symbolSize; i++) {
        for (let j = 0; j < symbolSize; j++) {
          let posDst = (i * symbolSize + j) * 4;
          let pxColor = opts.color.light;
          if (i >= scaledMargin && j >= scaledMargin && i < symbolSize - scaledMargin && j < symbolSize - scaledMargin) {
            const iSrc = Math.floor((i - scaledMargin) / scale);
            const jSrc = Math.floor((j - scaledMargin) / scale);
            pxColor = palette[data[iSrc * size + jSrc] ? 1 : 0];
          }
          imgData[posDst++] = pxColor.r;
          imgData[posDst++] = pxColor.g;
          imgData[posDst++] = pxColor.b;
          imgData[posDst] = pxColor.a;
        }
      }
    };
  }
});

// node_modules/qrcode/lib/renderer/png.js
var require_png2 = __commonJS({
  "node_modules/qrcode/lib/renderer/png.js"(exports2) {
    var fs = require("fs");
    var PNG = require_png().PNG;
    var Utils = require_utils2();
    exports2.render = function render(qrData, options) {
      const opts = Utils.getOptions(options);
      const pngOpts = opts.rendererOpts;
      const size = Utils.getImageWidth(qrData.modules.size, opts);
      pngOpts.width = size;
      pngOpts.height = size;
      const pngImage = new PNG(pngOpts);
      Utils.qrToImageData(pngImage.data, qrData, opts);
      return pngImage;
    };
    exports2.renderToDataURL = function renderToDataURL(qrData, options, cb) {
      if (typeof cb === "undefined") {
        cb = options;
        options = void 0;
      }
      exports2.renderToBuffer(qrData, options, function(err, output) {
        if (err) cb(err);
        let url = "data:image/png;base64,";
        url += output.toString("base64");
        cb(null, url);
      });
    };
    exports2.renderToBuffer = function renderToBuffer(qrData, options, cb) {
      if (typeof cb === "undefined") {
        cb = options;
        options = void 0;
      }
      const png = exports2.render(qrData, options);
      const buffer = [];
      png.on("error", cb);
      png.on("data", function(data) {
        buffer.push(data);
      });
      png.on("end", function() {
        cb(null, Buffer.concat(buffer));
      });
      png.pack();
    };
    exports2.renderToFile = function renderToFile(path17, qrData, options, cb) {
      if (typeof cb === "undefined") {
        cb = options;
        options = void 0;
      }
      let called = false;
      const done = (...args) => {
        if (called) return;
        called = true;
        cb.apply(null, args);
      };
      const stream = fs.createWriteStream(path17);
      stream.on("error", done);
      stream.on("close", done);
      exports2.renderToFileStream(stream, qrData, options);
    };
    exports2.renderToFileStream = function renderToFileStream(stream, qrData, options) {
      const png = exports2.render(qrData, options);
      png.pack().pipe(stream);
    };
  }
});

// node_modules/qrcode/lib/renderer/utf8.js
var require_utf8 = __commonJS({
  "node_modules/qrcode/lib/renderer/utf8.js"(exports2) {
    var Utils = require_utils2();
    var BLOCK_CHAR = {
      WW: " ",
      WB: "\u2584",
      BB: "\u2588",
      BW: "\u2580"
    };
    var INVERTED_BLOCK_CHAR = {
      BB: " ",
      BW: "\u2584",
      WW: "\u2588",
      WB: "\u2580"
    };
    function getBlockChar(top, bottom, blocks) {
      if (top && bottom) return blocks.BB;
      if (top && !bottom) return blocks.BW;
      if (!top && bottom) return blocks.WB;
      return blocks.WW;
    }
    exports2.render = function(qrData, options, cb) {
      const opts = Utils.getOptions(options);
      let blocks = BLOCK_CHAR;
      if (opts.color.dark.hex === "#ffffff" || opts.color.light.hex === "#000000") {
        blocks = INVERTED_BLOCK_CHAR;
      }
      const size = qrData.modules.size;
      const data = qrData.modules.data;
      let output = "";
      let hMargin = Array(size + opts.margin * 2 + 1).join(blocks.WW);
      hMargin = Array(opts.margin / 2 + 1).join(hMargin + "\n");
      const vMargin = Array(opts.margin + 1).join(blocks.WW);
      output += hMargin;
      for (let i = 0; i < size; i += 2) {
        output += vMargin;
        for (let j = 0; j < size; j++) {
          const topModule = data[i * size + j];
          const bottomModule = data[(i + 1) * size + j];
          output += getBlockChar(topModule, bottomModule, blocks);
        }
        output += vMargin + "\n";
      }
      output += hMargin.slice(0, -1);
      if (typeof cb === "function") {
        cb(null, output);
      }
      return output;
    };
    exports2.renderToFile = function renderToFile(path17, qrData, options, cb) {
      if (typeof cb === "undefined") {
        cb = options;
        options = void 0;
      }
      const fs = require("fs");
      const utf83 = exports2.render(qrData, options);
      fs.writeFile(path17, utf83, cb);
    };
  }
});

// node_modules/qrcode/lib/renderer/terminal/terminal.js
var require_terminal = __commonJS({
  "node_modules/qrcode/lib/renderer/terminal/terminal.js"(exports2) {
    exports2.render = function(qrData, options, cb) {
      const size = qrData.modules.size;
      const data = qrData.modules.data;
      const black = "\x1B[40m  \x1B[0m";
      const white = "\x1B[47m  \x1B[0m";
      let output = "";
      const hMargin = Array(size + 3).join(white);
      const vMargin = Array(2).join(white);
      output += hMargin + "\n";
      for (let i = 0; i < size; ++i) {
        output += white;
        for (let j = 0; j < size; j++) {
          output += data[i * size + j] ? black : white;
        }
        output += vMargin + "\n";
      }
      output += hMargin + "\n";
      if (typeof cb === "function") {
        cb(null, output);
      }
      return output;
    };
  }
});

// node_modules/qrcode/lib/renderer/terminal/terminal-small.js
var require_terminal_small = __commonJS({
  "node_modules/qrcode/lib/renderer/terminal/terminal-small.js"(exports2) {
    var backgroundWhite = "\x1B[47m";
    var backgroundBlack = "\x1B[40m";
    var foregroundWhite = "\x1B[37m";
    var foregroundBlack = "\x1B[30m";
    var reset = "\x1B[0m";
    var lineSetupNormal = backgroundWhite + foregroundBlack;
    var lineSetupInverse = backgroundBlack + foregroundWhite;
    var createPalette = function(lineSetup, foregroundWhite2, foregroundBlack2) {
      return {
        // 1 ... white, 2 ... black, 0 ... transparent (default)
        "00": reset + " " + lineSetup,
        "01": reset + foregroundWhite2 + "\u2584" + lineSetup,
        "02": reset + foregroundBlack2 + "\u2584" + lineSetup,
        10: reset + foregroundWhite2 + "\u2580" + lineSetup,
        11: " ",
        12: "\u2584",
        20: reset + foregroundBlack2 + "\u2580" + lineSetup,
        21: "\u2580",
        22: "\u2588"
      };
    };
    var mkCodePixel = function(modules, size, x, y) {
      const sizePlus = size + 1;
      if (x >= sizePlus || y >= sizePlus || y < -1 || x < -1) return "0";
      if (x >= size || y >= size || y < 0 || x < 0) return "1";
      const idx = y * size + x;
      return modules[idx] ? "2" : "1";
    };
    var mkCode = function(modules, size, x, y) {
      return mkCodePixel(modules, size, x, y) + mkCodePixel(modules, size, x, y + 1);
    };
    exports2.render = function(qrData, options, cb) {
      const size = qrData.modules.size;
      const data = qrData.modules.data;
      const inverse = !!(options && options.inverse);
      const lineSetup = options && options.inverse ? lineSetupInverse : lineSetupNormal;
      const white = inverse ? foregroundBlack : foregroundWhite;
      const black = inverse ? foregroundWhite : foregroundBlack;
      const palette = createPalette(lineSetup, white, black);
      const newLine = reset + "\n" + lineSetup;
      let output = lineSetup;
      for (let y = -1; y < size + 1; y += 2) {
        for (let x = -1; x < size; x++) {
          output += palette[mkCode(data, size, x, y)];
        }
        output += palette[mkCode(data, size, size, y)] + newLine;
      }
      output += reset;
      if (typeof cb === "function") {
        cb(null, output);
      }
      return output;
    };
  }
});

// node_modules/qrcode/lib/renderer/terminal.js
var require_terminal2 = __commonJS({
  "node_modules/qrcode/lib/renderer/terminal.js"(exports2) {
    var big = require_terminal();
    var small = require_terminal_small();
    exports2.render = function(qrData, options, cb) {
      if (options && options.small) {
        return small.render(qrData, options, cb);
      }
      return big.render(qrData, options, cb);
    };
  }
});

// node_modules/qrcode/lib/renderer/svg-tag.js
var require_svg_tag = __commonJS({
  "node_modules/qrcode/lib/renderer/svg-tag.js"(exports2) {
    var Utils = require_utils2();
    function getColorAttrib(color, attrib) {
      const alpha = color.a / 255;
      const str = attrib + '="' + color.hex + '"';
      return alpha < 1 ? str + " " + attrib + '-opacity="' + alpha.toFixed(2).slice(1) + '"' : str;
    }
    function svgCmd(cmd, x, y) {
      let str = cmd + x;
      if (typeof y !== "undefined") str += " " + y;
      return str;
    }
    function qrToPath(data, size, margin) {
      let path17 = "";
      let moveBy = 0;
      let newRow = false;
      let lineLength = 0;
      for (let i = 0; i < data.length; i++) {
        const col = Math.floor(i % size);
        const row = Math.floor(i / size);
        if (!col && !newRow) newRow = true;
        if (data[i]) {
          lineLength++;
          if (!(i > 0 && col > 0 && data[i - 1])) {
            path17 += newRow ? svgCmd("M", col + margin, 0.5 + row + margin) : svgCmd("m", moveBy, 0);
            moveBy = 0;
            newRow = false;
          }
          if (!(col + 1 < size && data[i + 1])) {
            path17 += svgCmd("h", lineLength);
            lineLength = 0;
          }
        } else {
          moveBy++;
        }
      }
      return path17;
    }
    exports2.render = function render(qrData, options, cb) {
      const opts = Utils.getOptions(options);
      const size = qrData.modules.size;
      const data = qrData.modules.data;
      const qrcodesize = size + opts.margin * 2;
      const bg = !opts.color.light.a ? "" : "<path " + getColorAttrib(opts.color.light, "fill") + ' d="M0 0h' + qrcodesize + "v" + qrcodesize + 'H0z"/>';
      const path17 = "<path " + getColorAttrib(opts.color.dark, "stroke") + ' d="' + qrToPath(data, size, opts.margin) + '"/>';
      const viewBox = 'viewBox="0 0 ' + qrcodesize + " " + qrcodesize + '"';
      const width = !opts.width ? "" : 'width="' + opts.width + '" height="' + opts.width + '" ';
      const svgTag = '<svg xmlns="http://www.w3.org/2000/svg" ' + width + viewBox + ' shape-rendering="crispEdges">' + bg + path17 + "</svg>\n";
      if (typeof cb === "function") {
        cb(null, svgTag);
      }
      return svgTag;
    };
  }
});

// node_modules/qrcode/lib/renderer/svg.js
var require_svg = __commonJS({
  "node_modules/qrcode/lib/renderer/svg.js"(exports2) {
    var svgTagRenderer = require_svg_tag();
    exports2.render = svgTagRenderer.render;
    exports2.renderToFile = function renderToFile(path17, qrData, options, cb) {
      if (typeof cb === "undefined") {
        cb = options;
        options = void 0;
      }
      const fs = require("fs");
      const svgTag = exports2.render(qrData, options);
      const xmlStr = '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' + svgTag;
      fs.writeFile(path17, xmlStr, cb);
    };
  }
});

// node_modules/qrcode/lib/renderer/canvas.js
var require_canvas = __commonJS({
  "node_modules/qrcode/lib/renderer/canvas.js"(exports2) {
    var Utils = require_utils2();
    function clearCanvas(ctx, canvas, size) {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      if (!canvas.style) canvas.style = {};
      canvas.height = size;
      canvas.width = size;
      canvas.style.height = size + "px";
      canvas.style.width = size + "px";
    }
    function getCanvasElement() {
      try {
        return document.createElement("canvas");
      } catch (e) {
        throw new Error("You need to specify a canvas element");
      }
    }
    exports2.render = function render(qrData, canvas, options) {
      let opts = options;
      let canvasEl = canvas;
      if (typeof opts === "undefined" && (!canvas || !canvas.getContext)) {
        opts = canvas;
        canvas = void 0;
      }
      if (!canvas) {
        canvasEl = getCanvasElement();
      }
      opts = Utils.getOptions(opts);
      const size = Utils.getImageWidth(qrData.modules.size, opts);
      const ctx = canvasEl.getContext("2d");
      const image = ctx.createImageData(size, size);
      Utils.qrToImageData(image.data, qrData, opts);
      clearCanvas(ctx, canvasEl, size);
      ctx.putImageData(image, 0, 0);
      return canvasEl;
    };
    exports2.renderToDataURL = function renderToDataURL(qrData, canvas, options) {
      let opts = options;
      if (typeof opts === "undefined" && (!canvas || !canvas.getContext)) {
        opts = canvas;
        canvas = void 0;
      }
      if (!opts) opts = {};
      const canvasEl = exports2.render(qrData, canvas, opts);
      const type = opts.type || "image/png";
      const rendererOpts = opts.rendererOpts || {};
      return canvasEl.toDataURL(type, rendererOpts.quality);
    };
  }
});

// node_modules/qrcode/lib/browser.js
var require_browser = __commonJS({
  "node_modules/qrcode/lib/browser.js"(exports2) {
    var canPromise = require_can_promise();
    var QRCode2 = require_qrcode();
    var CanvasRenderer = require_canvas();
    var SvgRenderer = require_svg_tag();
    function renderCanvas(renderFunc, canvas, text, opts, cb) {
      const args = [].slice.call(arguments, 1);
      const argsNum = args.length;
      const isLastArgCb = typeof args[argsNum - 1] === "function";
      if (!isLastArgCb && !canPromise()) {
        throw new Error("Callback required as last argument");
      }
      if (isLastArgCb) {
        if (argsNum < 2) {
          throw new Error("Too few arguments provided");
        }
        if (argsNum === 2) {
          cb = text;
          text = canvas;
          canvas = opts = void 0;
        } else if (argsNum === 3) {
          if (canvas.getContext && typeof cb === "undefined") {
            cb = opts;
            opts = void 0;
          } else {
            cb = opts;
            opts = text;
            text = canvas;
            canvas = void 0;
          }
        }
      } else {
        if (argsNum < 1) {
          throw new Error("Too few arguments provided");
        }
        if (argsNum === 1) {
          text = canvas;
          canvas = opts = void 0;
        } else if (argsNum === 2 && !canvas.getContext) {
          opts = text;
          text = canvas;
          canvas = void 0;
        }
        return new Promise(function(resolve2, reject) {
          try {
            const data = QRCode2.create(text, opts);
            resolve2(renderFunc(data, canvas, opts));
          } catch (e) {
            reject(e);
          }
        });
      }
      try {
        const data = QRCode2.create(text, opts);
        cb(null, renderFunc(data, canvas, opts));
      } catch (e) {
        cb(e);
      }
    }
    exports2.create = QRCode2.create;
    exports2.toCanvas = renderCanvas.bind(null, CanvasRenderer.render);
    exports2.toDataURL = renderCanvas.bind(null, CanvasRenderer.renderToDataURL);
    exports2.toString = renderCanvas.bind(null, function(data, _, opts) {
      return SvgRenderer.render(data, opts);
    });
  }
});

// node_modules/qrcode/lib/server.js
var require_server = __commonJS({
  "node_modules/qrcode/lib/server.js"(exports2) {
    var canPromise = require_can_promise();
    var QRCode2 = require_qrcode();
    var PngRenderer = require_png2();
    var Utf8Renderer = require_utf8();
    var TerminalRenderer = require_terminal2();
    var SvgRenderer = require_svg();
    function checkParams(text, opts, cb) {
      if (typeof text === "undefined") {
        throw new Error("String required as first argument");
      }
      if (typeof cb === "undefined") {
        cb = opts;
        opts = {};
      }
      if (typeof cb !== "function") {
        if (!canPromise()) {
          throw new Error("Callback required as last argument");
        } else {
          opts = cb || {};
          cb = null;
        }
      }
      return {
        opts,
        cb
      };
    }
    function getTypeFromFilename(path17) {
      return path17.slice((path17.lastIndexOf(".") - 1 >>> 0) + 2).toLowerCase();
    }
    function getRendererFromType(type) {
      switch (type) {
        case "svg":
          return SvgRenderer;
        case "txt":
        case "utf8":
          return Utf8Renderer;
        case "png":
        case "image/png":
        default:
          return PngRenderer;
      }
    }
    function getStringRendererFromType(type) {
      switch (type) {
        case "svg":
          return SvgRenderer;
        case "terminal":
          return TerminalRenderer;
        case "utf8":
        default:
          return Utf8Renderer;
      }
    }
    function render(renderFunc, text, params) {
      if (!params.cb) {
        return new Promise(function(resolve2, reject) {
          try {
            const data = QRCode2.create(text, params.opts);
            return renderFunc(data, params.opts, function(err, data2) {
              return err ? reject(err) : resolve2(data2);
            });
          } catch (e) {
            reject(e);
          }
        });
      }
      try {
        const data = QRCode2.create(text, params.opts);
        return renderFunc(data, params.opts, params.cb);
      } catch (e) {
        params.cb(e);
      }
    }
    exports2.create = QRCode2.create;
    exports2.toCanvas = require_browser().toCanvas;
    exports2.toString = function toString(text, opts, cb) {
      const params = checkParams(text, opts, cb);
      const type = params.opts ? params.opts.type : void 0;
      const renderer = getStringRendererFromType(type);
      return render(renderer.render, text, params);
    };
    exports2.toDataURL = function toDataURL(text, opts, cb) {
      const params = checkParams(text, opts, cb);
      const renderer = getRendererFromType(params.opts.type);
      return render(renderer.renderToDataURL, text, params);
    };
    exports2.toBuffer = function toBuffer(text, opts, cb) {
      const params = checkParams(text, opts, cb);
      const renderer = getRendererFromType(params.opts.type);
      return render(renderer.renderToBuffer, text, params);
    };
    exports2.toFile = function toFile(path17, text, opts, cb) {
      if (typeof path17 !== "string" || !(typeof text === "string" || typeof text === "object")) {
        throw new Error("Invalid argument");
      }
      if (arguments.length < 3 && !canPromise()) {
        throw new Error("Too few arguments provided");
      }
      const params = checkParams(text, opts, cb);
      const type = params.opts.type || getTypeFromFilename(path17);
      const renderer = getRendererFromType(type);
      const renderToFile = renderer.renderToFile.bind(null, path17);
      return render(renderToFile, text, params);
    };
    exports2.toFileStream = function toFileStream(stream, text, opts) {
      if (arguments.length < 2) {
        throw new Error("Too few arguments provided");
      }
      const params = checkParams(text, opts, stream.emit.bind(stream, "error"));
      const renderer = getRendererFromType("png");
      const renderToFileStream = renderer.renderToFileStream.bind(null, stream);
      render(renderToFileStream, text, params);
    };
  }
});

// node_modules/qrcode/lib/index.js
var require_lib = __commonJS({
  "node_modules/qrcode/lib/index.js"(exports2, module2) {
    module2.exports = require_server();
  }
});

// node_modules/tweetnacl/nacl-fast.js
var require_nacl_fast = __commonJS({
  "node_modules/tweetnacl/nacl-fast.js"(exports2, module2) {
    (function(nacl2) {
      "use strict";
      var gf = function(init2) {
        var i, r = new Float64Array(16);
        if (init2) for (i = 0; i < init2.length; i++) r[i] = init2[i];
        return r;
      };
      var randombytes = function() {
        throw new Error("no PRNG");
      };
      var _0 = new Uint8Array(16);
      var _9 = new Uint8Array(32);
      _9[0] = 9;
      var gf0 = gf(), gf1 = gf([1]), _121665 = gf([56129, 1]), D = gf([30883, 4953, 19914, 30187, 55467, 16705, 2637, 112, 59544, 30585, 16505, 36039, 65139, 11119, 27886, 20995]), D2 = gf([61785, 9906, 39828, 60374, 45398, 33411, 5274, 224, 53552, 61171, 33010, 6542, 64743, 22239, 55772, 9222]), X = gf([54554, 36645, 11616, 51542, 42930, 38181, 51040, 26924, 56412, 64982, 57905, 49316, 21502, 52590, 14035, 8553]), Y = gf([26200, 26214, 26214, 26214, 26214, 26214, 26214, 26214, 26214, 26214, 26214, 26214, 26214, 26214, 26214, 26214]), I = gf([41136, 18958, 6951, 50414, 58488, 44335, 6150, 12099, 55207, 15867, 153, 11085, 57099, 20417, 9344, 11139]);
      function ts64(x, i, h, l) {
        x[i] = h >> 24 & 255;
        x[i + 1] = h >> 16 & 255;
        x[i + 2] = h >> 8 & 255;
        x[i + 3] = h & 255;
        x[i + 4] = l >> 24 & 255;
        x[i + 5] = l >> 16 & 255;
        x[i + 6] = l >> 8 & 255;
        x[i + 7] = l & 255;
      }
      function vn(x, xi, y, yi, n) {
        var i, d = 0;
        for (i = 0; i < n; i++) d |= x[xi + i] ^ y[yi + i];
        return (1 & d - 1 >>> 8) - 1;
      }
      function crypto_verify_16(x, xi, y, yi) {
        return vn(x, xi, y, yi, 16);
      }
      function crypto_verify_32(x, xi, y, yi) {
        return vn(x, xi, y, yi, 32);
      }
      function core_salsa20(o, p, k, c) {
        var j0 = c[0] & 255 | (c[1] & 255) << 8 | (c[2] & 255) << 16 | (c[3] & 255) << 24, j1 = k[0] & 255 | (k[1] & 255) << 8 | (k[2] & 255) << 16 | (k[3] & 255) << 24, j2 = k[4] & 255 | (k[5] & 255) << 8 | (k[6] & 255) << 16 | (k[7] & 255) << 24, j3 = k[8] & 255 | (k[9] & 255) << 8 | (k[10] & 255) << 16 | (k[11] & 255) << 24, j4 = k[12] & 255 | (k[13] & 255) << 8 | (k[14] & 255) << 16 | (k[15] & 255) << 24, j5 = c[4] & 255 | (c[5] & 255) << 8 | (c[6] & 255) << 16 | (c[7] & 255) << 24, j6 = p[0] & 255 | (p[1] & 255) << 8 | (p[2] & 255) << 16 | (p[3] & 255) << 24, j7 = p[4] & 255 | (p[5] & 255) << 8 | (p[6] & 255) << 16 | (p[7] & 255) << 24, j8 = p[8] & 255 | (p[9] & 255) << 8 | (p[10] & 255) << 16 | (p[11] & 255) << 24, j9 = p[12] & 255 | (p[13] & 255) << 8 | (p[14] & 255) << 16 | (p[15] & 255) << 24, j10 = c[8] & 255 | (c[9] & 255) << 8 | (c[10] & 255) << 16 | (c[11] & 255) << 24, j11 = k[16] & 255 | (k[17] & 255) << 8 | (k[18] & 255) << 16 | (k[19] & 255) << 24, j12 = k[20] & 255 | (k[21] & 255) << 8 | (k[22] & 255) << 16 | (k[23] & 255) << 24, j13 = k[24] & 255 | (k[25] & 255) << 8 | (k[26] & 255) << 16 | (k[27] & 255) << 24, j14 = k[28] & 255 | (k[29] & 255) << 8 | (k[30] & 255) << 16 | (k[31] & 255) << 24, j15 = c[12] & 255 | (c[13] & 255) << 8 | (c[14] & 255) << 16 | (c[15] & 255) << 24;
        var x0 = j0, x1 = j1, x2 = j2, x3 = j3, x4 = j4, x5 = j5, x6 = j6, x7 = j7, x8 = j8, x9 = j9, x10 = j10, x11 = j11, x12 = j12, x13 = j13, x14 = j14, x15 = j15, u;
        for (var i = 0; i < 20; i += 2) {
          u = x0 + x12 | 0;
          x4 ^= u << 7 | u >>> 32 - 7;
          u = x4 + x0 | 0;
          x8 ^= u << 9 | u >>> 32 - 9;
          u = x8 + x4 | 0;
          x12 ^= u << 13 | u >>> 32 - 13;
          u = x12 + x8 | 0;
          x0 ^= u << 18 | u >>> 32 - 18;
          u = x5 + x1 | 0;
          x9 ^= u << 7 | u >>> 32 - 7;
          u = x9 + x5 | 0;
          x13 ^= u << 9 | u >>> 32 - 9;
          u = x13 + x9 | 0;
          x1 ^= u << 13 | u >>> 32 - 13;
          u = x1 + x13 | 0;
          x5 ^= u << 18 | u >>> 32 - 18;
          u = x10 + x6 | 0;
          x14 ^= u << 7 | u >>> 32 - 7;
          u = x14 + x10 | 0;
          x2 ^= u << 9 | u >>> 32 - 9;
          u = x2 + x14 | 0;
          x6 ^= u << 13 | u >>> 32 - 13;
          u = x6 + x2 | 0;
          x10 ^= u << 18 | u >>> 32 - 18;
          u = x15 + x11 | 0;
          x3 ^= u << 7 | u >>> 32 - 7;
          u = x3 + x15 | 0;
          x7 ^= u << 9 | u >>> 32 - 9;
          u = x7 + x3 | 0;
          x11 ^= u << 13 | u >>> 32 - 13;
          u = x11 + x7 | 0;
          x15 ^= u << 18 | u >>> 32 - 18;
          u = x0 + x3 | 0;
          x1 ^= u << 7 | u >>> 32 - 7;
          u = x1 + x0 | 0;
          x2 ^= u << 9 | u >>> 32 - 9;
          u = x2 + x1 | 0;
          x3 ^= u << 13 | u >>> 32 - 13;
          u = x3 + x2 | 0;
          x0 ^= u << 18 | u >>> 32 - 18;
          u = x5 + x4 | 0;
          x6 ^= u << 7 | u >>> 32 - 7;
          u = x6 + x5 | 0;
          x7 ^= u << 9 | u >>> 32 - 9;
          u = x7 + x6 | 0;
          x4 ^= u << 13 | u >>> 32 - 13;
          u = x4 + x7 | 0;
          x5 ^= u << 18 | u >>> 32 - 18;
          u = x10 + x9 | 0;
          x11 ^= u << 7 | u >>> 32 - 7;
          u = x11 + x10 | 0;
          x8 ^= u << 9 | u >>> 32 - 9;
          u = x8 + x11 | 0;
          x9 ^= u << 13 | u >>> 32 - 13;
          u = x9 + x8 | 0;
          x10 ^= u << 18 | u >>> 32 - 18;
          u = x15 + x14 | 0;
          x12 ^= u << 7 | u >>> 32 - 7;
          u = x12 + x15 | 0;
          x13 ^= u << 9 | u >>> 32 - 9;
          u = x13 + x12 | 0;
          x14 ^= u << 13 | u >>> 32 - 13;
          u = x14 + x13 | 0;
          x15 ^= u << 18 | u >>> 32 - 18;
        }
        x0 = x0 + j0 | 0;
        x1 = x1 + j1 | 0;
        x2 = x2 + j2 | 0;
        x3 = x3 + j3 | 0;
        x4 = x4 + j4 | 0;
        x5 = x5 + j5 | 0;
        x6 = x6 + j6 | 0;
        x7 = x7 + j7 | 0;
        x8 = x8 + j8 | 0;
        x9 = x9 + j9 | 0;
        x10 = x10 + j10 | 0;
        x11 = x11 + j11 | 0;
        x12 = x12 + j12 | 0;
        x13 = x13 + j13 | 0;
        x14 = x14 + j14 | 0;
        x15 = x15 + j15 | 0;
        o[0] = x0 >>> 0 & 255;
        o[1] = x0 >>> 8 & 255;
        o[2] = x0 >>> 16 & 255;
        o[3] = x0 >>> 24 & 255;
        o[4] = x1 >>> 0 & 255;
        o[5] = x1 >>> 8 & 255;
        o[6] = x1 >>> 16 & 255;
        o[7] = x1 >>> 24 & 255;
        o[8] = x2 >>> 0 & 255;
        o[9] = x2 >>> 8 & 255;
        o[10] = x2 >>> 16 & 255;
        o[11] = x2 >>> 24 & 255;
        o[12] = x3 >>> 0 & 255;
        o[13] = x3 >>> 8 & 255;
        o[14] = x3 >>> 16 & 255;
        o[15] = x3 >>> 24 & 255;
        o[16] = x4 >>> 0 & 255;
        o[17] = x4 >>> 8 & 255;
        o[18] = x4 >>> 16 & 255;
        o[19] = x4 >>> 24 & 255;
        o[20] = x5 >>> 0 & 255;
        o[21] = x5 >>> 8 & 255;
        o[22] = x5 >>> 16 & 255;
        o[23] = x5 >>> 24 & 255;
        o[24] = x6 >>> 0 & 255;
        o[25] = x6 >>> 8 & 255;
        o[26] = x6 >>> 16 & 255;
        o[27] = x6 >>> 24 & 255;
        o[28] = x7 >>> 0 & 255;
        o[29] = x7 >>> 8 & 255;
        o[30] = x7 >>> 16 & 255;
        o[31] = x7 >>> 24 & 255;
        o[32] = x8 >>> 0 & 255;
        o[33] = x8 >>> 8 & 255;
        o[34] = x8 >>> 16 & 255;
        o[35] = x8 >>> 24 & 255;
        o[36] = x9 >>> 0 & 255;
        o[37] = x9 >>> 8 & 255;
        o[38] = x9 >>> 16 & 255;
        o[39] = x9 >>> 24 & 255;
        o[40] = x10 >>> 0 & 255;
        o[41] = x10 >>> 8 & 255;
        o[42] = x10 >>> 16 & 255;
        o[43] = x10 >>> 24 & 255;
        o[44] = x11 >>> 0 & 255;
        o[45] = x11 >>> 8 & 255;
        o[46] = x11 >>> 16 & 255;
        o[47] = x11 >>> 24 & 255;
        o[48] = x12 >>> 0 & 255;
        o[49] = x12 >>> 8 & 255;
        o[50] = x12 >>> 16 & 255;
        o[51] = x12 >>> 24 & 255;
        o[52] = x13 >>> 0 & 255;
        o[53] = x13 >>> 8 & 255;
        o[54] = x13 >>> 16 & 255;
        o[55] = x13 >>> 24 & 255;
        o[56] = x14 >>> 0 & 255;
        o[57] = x14 >>> 8 & 255;
        o[58] = x14 >>> 16 & 255;
        o[59] = x14 >>> 24 & 255;
        o[60] = x15 >>> 0 & 255;
        o[61] = x15 >>> 8 & 255;
        o[62] = x15 >>> 16 & 255;
        o[63] = x15 >>> 24 & 255;
      }
      function core_hsalsa20(o, p, k, c) {
        var j0 = c[0] & 255 | (c[1] & 255) << 8 | (c[2] & 255) << 16 | (c[3] & 255) << 24, j1 = k[0] & 255 | (k[1] & 255) << 8 | (k[2] & 255) << 16 | (k[3] & 255) << 24, j2 = k[4] & 255 | (k[5] & 255) << 8 | (k[6] & 255) << 16 | (k[7] & 255) << 24, j3 = k[8] & 255 | (k[9] & 255) << 8 | (k[10] & 255) << 16 | (k[11] & 255) << 24, j4 = k[12] & 255 | (k[13] & 255) << 8 | (k[14] & 255) << 16 | (k[15] & 255) << 24, j5 = c[4] & 255 | (c[5] & 255) << 8 | (c[6] & 255) << 16 | (c[7] & 255) << 24, j6 = p[0] & 255 | (p[1] & 255) << 8 | (p[2] & 255) << 16 | (p[3] & 255) << 24, j7 = p[4] & 255 | (p[5] & 255) << 8 | (p[6] & 255) << 16 | (p[7] & 255) << 24, j8 = p[8] & 255 | (p[9] & 255) << 8 | (p[10] & 255) << 16 | (p[11] & 255) << 24, j9 = p[12] & 255 | (p[13] & 255) << 8 | (p[14] & 255) << 16 | (p[15] & 255) << 24, j10 = c[8] & 255 | (c[9] & 255) << 8 | (c[10] & 255) << 16 | (c[11] & 255) << 24, j11 = k[16] & 255 | (k[17] & 255) << 8 | (k[18] & 255) << 16 | (k[19] & 255) << 24, j12 = k[20] & 255 | (k[21] & 255) << 8 | (k[22] & 255) << 16 | (k[23] & 255) << 24, j13 = k[24] & 255 | (k[25] & 255) << 8 | (k[26] & 255) << 16 | (k[27] & 255) << 24, j14 = k[28] & 255 | (k[29] & 255) << 8 | (k[30] & 255) << 16 | (k[31] & 255) << 24, j15 = c[12] & 255 | (c[13] & 255) << 8 | (c[14] & 255) << 16 | (c[15] & 255) << 24;
        var x0 = j0, x1 = j1, x2 = j2, x3 = j3, x4 = j4, x5 = j5, x6 = j6, x7 = j7, x8 = j8, x9 = j9, x10 = j10, x11 = j11, x12 = j12, x13 = j13, x14 = j14, x15 = j15, u;
        for (var i = 0; i < 20; i += 2) {
          u = x0 + x12 | 0;
          x4 ^= u << 7 | u >>> 32 - 7;
          u = x4 + x0 | 0;
          x8 ^= u << 9 | u >>> 32 - 9;
          u = x8 + x4 | 0;
          x12 ^= u << 13 | u >>> 32 - 13;
          u = x12 + x8 | 0;
          x0 ^= u << 18 | u >>> 32 - 18;
          u = x5 + x1 | 0;
          x9 ^= u << 7 | u >>> 32 - 7;
          u = x9 + x5 | 0;
          x13 ^= u << 9 | u >>> 32 - 9;
          u = x13 + x9 | 0;
          x1 ^= u << 13 | u >>> 32 - 13;
          u = x1 + x13 | 0;
          x5 ^= u << 18 | u >>> 32 - 18;
          u = x10 + x6 | 0;
          x14 ^= u << 7 | u >>> 32 - 7;
          u = x14 + x10 | 0;
          x2 ^= u << 9 | u >>> 32 - 9;
          u = x2 + x14 | 0;
          x6 ^= u << 13 | u >>> 32 - 13;
          u = x6 + x2 | 0;
          x10 ^= u << 18 | u >>> 32 - 18;
          u = x15 + x11 | 0;
          x3 ^= u << 7 | u >>> 32 - 7;
          u = x3 + x15 | 0;
          x7 ^= u << 9 | u >>> 32 - 9;
          u = x7 + x3 | 0;
          x11 ^= u << 13 | u >>> 32 - 13;
          u = x11 + x7 | 0;
          x15 ^= u << 18 | u >>> 32 - 18;
          u = x0 + x3 | 0;
          x1 ^= u << 7 | u >>> 32 - 7;
          u = x1 + x0 | 0;
          x2 ^= u << 9 | u >>> 32 - 9;
          u = x2 + x1 | 0;
          x3 ^= u << 13 | u >>> 32 - 13;
          u = x3 + x2 | 0;
          x0 ^= u << 18 | u >>> 32 - 18;
          u = x5 + x4 | 0;
          x6 ^= u << 7 | u >>> 32 - 7;
          u = x6 + x5 | 0;
          x7 ^= u << 9 | u >>> 32 - 9;
          u = x7 + x6 | 0;
          x4 ^= u << 13 | u >>> 32 - 13;
          u = x4 + x7 | 0;
          x5 ^= u << 18 | u >>> 32 - 18;
          u = x10 + x9 | 0;
          x11 ^= u << 7 | u >>> 32 - 7;
          u = x11 + x10 | 0;
          x8 ^= u << 9 | u >>> 32 - 9;
          u = x8 + x11 | 0;
          x9 ^= u << 13 | u >>> 32 - 13;
          u = x9 + x8 | 0;
          x10 ^= u << 18 | u >>> 32 - 18;
          u = x15 + x14 | 0;
          x12 ^= u << 7 | u >>> 32 - 7;
          u = x12 + x15 | 0;
          x13 ^= u << 9 | u >>> 32 - 9;
          u = x13 + x12 | 0;
          x14 ^= u << 13 | u >>> 32 - 13;
          u = x14 + x13 | 0;
          x15 ^= u << 18 | u >>> 32 - 18;
        }
        o[0] = x0 >>> 0 & 255;
        o[1] = x0 >>> 8 & 255;
        o[2] = x0 >>> 16 & 255;
        o[3] = x0 >>> 24 & 255;
        o[4] = x5 >>> 0 & 255;
        o[5] = x5 >>> 8 & 255;
        o[6] = x5 >>> 16 & 255;
        o[7] = x5 >>> 24 & 255;
        o[8] = x10 >>> 0 & 255;
        o[9] = x10 >>> 8 & 255;
        o[10] = x10 >>> 16 & 255;
        o[11] = x10 >>> 24 & 255;
        o[12] = x15 >>> 0 & 255;
        o[13] = x15 >>> 8 & 255;
        o[14] = x15 >>> 16 & 255;
        o[15] = x15 >>> 24 & 255;
        o[16] = x6 >>> 0 & 255;
        o[17] = x6 >>> 8 & 255;
        o[18] = x6 >>> 16 & 255;
        o[19] = x6 >>> 24 & 255;
        o[20] = x7 >>> 0 & 255;
        o[21] = x7 >>> 8 & 255;
        o[22] = x7 >>> 16 & 255;
        o[23] = x7 >>> 24 & 255;
        o[24] = x8 >>> 0 & 255;
        o[25] = x8 >>> 8 & 255;
        o[26] = x8 >>> 16 & 255;
        o[27] = x8 >>> 24 & 255;
        o[28] = x9 >>> 0 & 255;
        o[29] = x9 >>> 8 & 255;
        o[30] = x9 >>> 16 & 255;
        o[31] = x9 >>> 24 & 255;
      }
      function crypto_core_salsa20(out, inp, k, c) {
        core_salsa20(out, inp, k, c);
      }
      function crypto_core_hsalsa20(out, inp, k, c) {
        core_hsalsa20(out, inp, k, c);
      }
      var sigma = new Uint8Array([101, 120, 112, 97, 110, 100, 32, 51, 50, 45, 98, 121, 116, 101, 32, 107]);
      function crypto_stream_salsa20_xor(c, cpos, m, mpos, b, n, k) {
        var z = new Uint8Array(16), x = new Uint8Array(64);
        var u, i;
        for (i = 0; i < 16; i++) z[i] = 0;
        for (i = 0; i < 8; i++) z[i] = n[i];
        while (b >= 64) {
          crypto_core_salsa20(x, z, k, sigma);
          for (i = 0; i < 64; i++) c[cpos + i] = m[mpos + i] ^ x[i];
          u = 1;
          for (i = 8; i < 16; i++) {
            u = u + (z[i] & 255) | 0;
            z[i] = u & 255;
            u >>>= 8;
          }
          b -= 64;
          cpos += 64;
          mpos += 64;
        }
        if (b > 0) {
          crypto_core_salsa20(x, z, k, sigma);
          for (i = 0; i < b; i++) c[cpos + i] = m[mpos + i] ^ x[i];
        }
        return 0;
      }
      function crypto_stream_salsa20(c, cpos, b, n, k) {
        var z = new Uint8Array(16), x = new Uint8Array(64);
        var u, i;
        for (i = 0; i < 16; i++) z[i] = 0;
        for (i = 0; i < 8; i++) z[i] = n[i];
        while (b >= 64) {
          crypto_core_salsa20(x, z, k, sigma);
          for (i = 0; i < 64; i++) c[cpos + i] = x[i];
          u = 1;
          for (i = 8; i < 16; i++) {
            u = u + (z[i] & 255) | 0;
            z[i] = u & 255;
            u >>>= 8;
          }
          b -= 64;
          cpos += 64;
        }
        if (b > 0) {
          crypto_core_salsa20(x, z, k, sigma);
          for (i = 0; i < b; i++) c[cpos + i] = x[i];
        }
        return 0;
      }
      function crypto_stream(c, cpos, d, n, k) {
        var s = new Uint8Array(32);
        crypto_core_hsalsa20(s, n, k, sigma);
        var sn = new Uint8Array(8);
        for (var i = 0; i < 8; i++) sn[i] = n[i + 16];
        return crypto_stream_salsa20(c, cpos, d, sn, s);
      }
      function crypto_stream_xor(c, cpos, m, mpos, d, n, k) {
        var s = new Uint8Array(32);
        crypto_core_hsalsa20(s, n, k, sigma);
        var sn = new Uint8Array(8);
        for (var i = 0; i < 8; i++) sn[i] = n[i + 16];
        return crypto_stream_salsa20_xor(c, cpos, m, mpos, d, sn, s);
      }
      var poly1305 = function(key) {
        this.buffer = new Uint8Array(16);
        this.r = new Uint16Array(10);
        this.h = new Uint16Array(10);
        this.pad = new Uint16Array(8);
        this.leftover = 0;
        this.fin = 0;
        var t0, t1, t2, t3, t4, t5, t6, t7;
        t0 = key[0] & 255 | (key[1] & 255) << 8;
        this.r[0] = t0 & 8191;
        t1 = key[2] & 255 | (key[3] & 255) << 8;
        this.r[1] = (t0 >>> 13 | t1 << 3) & 8191;
        t2 = key[4] & 255 | (key[5] & 255) << 8;
        this.r[2] = (t1 >>> 10 | t2 << 6) & 7939;
        t3 = key[6] & 255 | (key[7] & 255) << 8;
        this.r[3] = (t2 >>> 7 | t3 << 9) & 8191;
        t4 = key[8] & 255 | (key[9] & 255) << 8;
        this.r[4] = (t3 >>> 4 | t4 << 12) & 255;
        this.r[5] = t4 >>> 1 & 8190;
        t5 = key[10] & 255 | (key[11] & 255) << 8;
        this.r[6] = (t4 >>> 14 | t5 << 2) & 8191;
        t6 = key[12] & 255 | (key[13] & 255) << 8;
        this.r[7] = (t5 >>> 11 | t6 << 5) & 8065;
        t7 = key[14] & 255 | (key[15] & 255) << 8;
        this.r[8] = (t6 >>> 8 | t7 << 8) & 8191;
        this.r[9] = t7 >>> 5 & 127;
        this.pad[0] = key[16] & 255 | (key[17] & 255) << 8;
        this.pad[1] = key[18] & 255 | (key[19] & 255) << 8;
        this.pad[2] = key[20] & 255 | (key[21] & 255) << 8;
        this.pad[3] = key[22] & 255 | (key[23] & 255) << 8;
        this.pad[4] = key[24] & 255 | (key[25] & 255) << 8;
        this.pad[5] = key[26] & 255 | (key[27] & 255) << 8;
        this.pad[6] = key[28] & 255 | (key[29] & 255) << 8;
        this.pad[7] = key[30] & 255 | (key[31] & 255) << 8;
      };
      poly1305.prototype.blocks = function(m, mpos, bytes) {
        var hibit = this.fin ? 0 : 1 << 11;
        var t0, t1, t2, t3, t4, t5, t6, t7, c;
        var d0, d1, d2, d3, d4, d5, d6, d7, d8, d9;
        var h0 = this.h[0], h1 = this.h[1], h2 = this.h[2], h3 = this.h[3], h4 = this.h[4], h5 = this.h[5], h6 = this.h[6], h7 = this.h[7], h8 = this.h[8], h9 = this.h[9];
        var r0 = this.r[0], r1 = this.r[1], r2 = this.r[2], r3 = this.r[3], r4 = this.r[4], r5 = this.r[5], r6 = this.r[6], r7 = this.r[7], r8 = this.r[8], r9 = this.r[9];
        while (bytes >= 16) {
          t0 = m[mpos + 0] & 255 | (m[mpos + 1] & 255) << 8;
          h0 += t0 & 8191;
          t1 = m[mpos + 2] & 255 | (m[mpos + 3] & 255) << 8;
          h1 += (t0 >>> 13 | t1 << 3) & 8191;
          t2 = m[mpos + 4] & 255 | (m[mpos + 5] & 255) << 8;
          h2 += (t1 >>> 10 | t2 << 6) & 8191;
          t3 = m[mpos + 6] & 255 | (m[mpos + 7] & 255) << 8;
          h3 += (t2 >>> 7 | t3 << 9) & 8191;
          t4 = m[mpos + 8] & 255 | (m[mpos + 9] & 255) << 8;
          h4 += (t3 >>> 4 | t4 << 12) & 8191;
          h5 += t4 >>> 1 & 8191;
          t5 = m[mpos + 10] & 255 | (m[mpos + 11] & 255) << 8;
          h6 += (t4 >>> 14 | t5 << 2) & 8191;
          t6 = m[mpos + 12] & 255 | (m[mpos + 13] & 255) << 8;
          h7 += (t5 >>> 11 | t6 << 5) & 8191;
          t7 = m[mpos + 14] & 255 | (m[mpos + 15] & 255) << 8;
          h8 += (t6 >>> 8 | t7 << 8) & 8191;
          h9 += t7 >>> 5 | hibit;
          c = 0;
          d0 = c;
          d0 += h0 * r0;
          d0 += h1 * (5 * r9);
          d0 += h2 * (5 * r8);
          d0 += h3 * (5 * r7);
          d0 += h4 * (5 * r6);
          c = d0 >>> 13;
          d0 &= 8191;
          d0 += h5 * (5 * r5);
          d0 += h6 * (5 * r4);
          d0 += h7 * (5 * r3);
          d0 += h8 * (5 * r2);
          d0 += h9 * (5 * r1);
          c += d0 >>> 13;
          d0 &= 8191;
          d1 = c;
          d1 += h0 * r1;
          d1 += h1 * r0;
          d1 += h2 * (5 * r9);
          d1 += h3 * (5 * r8);
          d1 += h4 * (5 * r7);
          c = d1 >>> 13;
          d1 &= 8191;
          d1 += h5 * (5 * r6);
          d1 += h6 * (5 * r5);
          d1 += h7 * (5 * r4);
          d1 += h8 * (5 * r3);
          d1 += h9 * (5 * r2);
          c += d1 >>> 13;
          d1 &= 8191;
          d2 = c;
          d2 += h0 * r2;
          d2 += h1 * r1;
          d2 += h2 * r0;
          d2 += h3 * (5 * r9);
          d2 += h4 * (5 * r8);
          c = d2 >>> 13;
          d2 &= 8191;
          d2 += h5 * (5 * r7);
          d2 += h6 * (5 * r6);
          d2 += h7 * (5 * r5);
          d2 += h8 * (5 * r4);
          d2 += h9 * (5 * r3);
          c += d2 >>> 13;
          d2 &= 8191;
          d3 = c;
          d3 += h0 * r3;
          d3 += h1 * r2;
          d3 += h2 * r1;
          d3 += h3 * r0;
          d3 += h4 * (5 * r9);
          c = d3 >>> 13;
          d3 &= 8191;
          d3 += h5 * (5 * r8);
          d3 += h6 * (5 * r7);
          d3 += h7 * (5 * r6);
          d3 += h8 * (5 * r5);
          d3 += h9 * (5 * r4);
          c += d3 >>> 13;
          d3 &= 8191;
          d4 = c;
          d4 += h0 * r4;
          d4 += h1 * r3;
          d4 += h2 * r2;
          d4 += h3 * r1;
          d4 += h4 * r0;
          c = d4 >>> 13;
          d4 &= 8191;
          d4 += h5 * (5 * r9);
          d4 += h6 * (5 * r8);
          d4 += h7 * (5 * r7);
          d4 += h8 * (5 * r6);
          d4 += h9 * (5 * r5);
          c += d4 >>> 13;
          d4 &= 8191;
          d5 = c;
          d5 += h0 * r5;
          d5 += h1 * r4;
          d5 += h2 * r3;
          d5 += h3 * r2;
          d5 += h4 * r1;
          c = d5 >>> 13;
          d5 &= 8191;
          d5 += h5 * r0;
          d5 += h6 * (5 * r9);
          d5 += h7 * (5 * r8);
          d5 += h8 * (5 * r7);
          d5 += h9 * (5 * r6);
          c += d5 >>> 13;
          d5 &= 8191;
          d6 = c;
          d6 += h0 * r6;
          d6 += h1 * r5;
          d6 += h2 * r4;
          d6 += h3 * r3;
          d6 += h4 * r2;
          c = d6 >>> 13;
          d6 &= 8191;
          d6 += h5 * r1;
          d6 += h6 * r0;
          d6 += h7 * (5 * r9);
          d6 += h8 * (5 * r8);
          d6 += h9 * (5 * r7);
          c += d6 >>> 13;
          d6 &= 8191;
          d7 = c;
          d7 += h0 * r7;
          d7 += h1 * r6;
          d7 += h2 * r5;
          d7 += h3 * r4;
          d7 += h4 * r3;
          c = d7 >>> 13;
          d7 &= 8191;
          d7 += h5 * r2;
          d7 += h6 * r1;
          d7 += h7 * r0;
          d7 += h8 * (5 * r9);
          d7 += h9 * (5 * r8);
          c += d7 >>> 13;
          d7 &= 8191;
          d8 = c;
          d8 += h0 * r8;
          d8 += h1 * r7;
          d8 += h2 * r6;
          d8 += h3 * r5;
          d8 += h4 * r4;
          c = d8 >>> 13;
          d8 &= 8191;
          d8 += h5 * r3;
          d8 += h6 * r2;
          d8 += h7 * r1;
          d8 += h8 * r0;
          d8 += h9 * (5 * r9);
          c += d8 >>> 13;
          d8 &= 8191;
          d9 = c;
          d9 += h0 * r9;
          d9 += h1 * r8;
          d9 += h2 * r7;
          d9 += h3 * r6;
          d9 += h4 * r5;
          c = d9 >>> 13;
          d9 &= 8191;
          d9 += h5 * r4;
          d9 += h6 * r3;
          d9 += h7 * r2;
          d9 += h8 * r1;
          d9 += h9 * r0;
          c += d9 >>> 13;
          d9 &= 8191;
          c = (c << 2) + c | 0;
          c = c + d0 | 0;
          d0 = c & 8191;
          c = c >>> 13;
          d1 += c;
          h0 = d0;
          h1 = d1;
          h2 = d2;
          h3 = d3;
          h4 = d4;
          h5 = d5;
          h6 = d6;
          h7 = d7;
          h8 = d8;
          h9 = d9;
          mpos += 16;
          bytes -= 16;
        }
        this.h[0] = h0;
        this.h[1] = h1;
        this.h[2] = h2;
        this.h[3] = h3;
        this.h[4] = h4;
        this.h[5] = h5;
        this.h[6] = h6;
        this.h[7] = h7;
        this.h[8] = h8;
        this.h[9] = h9;
      };
      poly1305.prototype.finish = function(mac, macpos) {
        var g = new Uint16Array(10);
        var c, mask, f, i;
        if (this.leftover) {
          i = this.leftover;
          this.buffer[i++] = 1;
          for (; i < 16; i++) this.buffer[i] = 0;
          this.fin = 1;
          this.blocks(this.buffer, 0, 16);
        }
        c = this.h[1] >>> 13;
        this.h[1] &= 8191;
        for (i = 2; i < 10; i++) {
          this.h[i] += c;
          c = this.h[i] >>> 13;
          this.h[i] &= 8191;
        }
        this.h[0] += c * 5;
        c = this.h[0] >>> 13;
        this.h[0] &= 8191;
        this.h[1] += c;
        c = this.h[1] >>> 13;
        this.h[1] &= 8191;
        this.h[2] += c;
        g[0] = this.h[0] + 5;
        c = g[0] >>> 13;
        g[0] &= 8191;
        for (i = 1; i < 10; i++) {
          g[i] = this.h[i] + c;
          c = g[i] >>> 13;
          g[i] &= 8191;
        }
        g[9] -= 1 << 13;
        mask = (c ^ 1) - 1;
        for (i = 0; i < 10; i++) g[i] &= mask;
        mask = ~mask;
        for (i = 0; i < 10; i++) this.h[i] = this.h[i] & mask | g[i];
        this.h[0] = (this.h[0] | this.h[1] << 13) & 65535;
        this.h[1] = (this.h[1] >>> 3 | this.h[2] << 10) & 65535;
        this.h[2] = (this.h[2] >>> 6 | this.h[3] << 7) & 65535;
        this.h[3] = (this.h[3] >>> 9 | this.h[4] << 4) & 65535;
        this.h[4] = (this.h[4] >>> 12 | this.h[5] << 1 | this.h[6] << 14) & 65535;
        this.h[5] = (this.h[6] >>> 2 | this.h[7] << 11) & 65535;
        this.h[6] = (this.h[7] >>> 5 | this.h[8] << 8) & 65535;
        this.h[7] = (this.h[8] >>> 8 | this.h[9] << 5) & 65535;
        f = this.h[0] + this.pad[0];
        this.h[0] = f & 65535;
        for (i = 1; i < 8; i++) {
          f = (this.h[i] + this.pad[i] | 0) + (f >>> 16) | 0;
          this.h[i] = f & 65535;
        }
        mac[macpos + 0] = this.h[0] >>> 0 & 255;
        mac[macpos + 1] = this.h[0] >>> 8 & 255;
        mac[macpos + 2] = this.h[1] >>> 0 & 255;
        mac[macpos + 3] = this.h[1] >>> 8 & 255;
        mac[macpos + 4] = this.h[2] >>> 0 & 255;
        mac[macpos + 5] = this.h[2] >>> 8 & 255;
        mac[macpos + 6] = this.h[3] >>> 0 & 255;
        mac[macpos + 7] = this.h[3] >>> 8 & 255;
        mac[macpos + 8] = this.h[4] >>> 0 & 255;
        mac[macpos + 9] = this.h[4] >>> 8 & 255;
        mac[macpos + 10] = this.h[5] >>> 0 & 255;
        mac[macpos + 11] = this.h[5] >>> 8 & 255;
        mac[macpos + 12] = this.h[6] >>> 0 & 255;
        mac[macpos + 13] = this.h[6] >>> 8 & 255;
        mac[macpos + 14] = this.h[7] >>> 0 & 255;
        mac[macpos + 15] = this.h[7] >>> 8 & 255;
      };
      poly1305.prototype.update = function(m, mpos, bytes) {
        var i, want;
        if (this.leftover) {
          want = 16 - this.leftover;
          if (want > bytes)
            want = bytes;
          for (i = 0; i < want; i++)
            this.buffer[this.leftover + i] = m[mpos + i];
          bytes -= want;
          mpos += want;
          this.leftover += want;
          if (this.leftover < 16)
            return;
          this.blocks(this.buffer, 0, 16);
          this.leftover = 0;
        }
        if (bytes >= 16) {
          want = bytes - bytes % 16;
          this.blocks(m, mpos, want);
          mpos += want;
          bytes -= want;
        }
        if (bytes) {
          for (i = 0; i < bytes; i++)
            this.buffer[this.leftover + i] = m[mpos + i];
          this.leftover += bytes;
        }
      };
      function crypto_onetimeauth(out, outpos, m, mpos, n, k) {
        var s = new poly1305(k);
        s.update(m, mpos, n);
        s.finish(out, outpos);
        return 0;
      }
      function crypto_onetimeauth_verify(h, hpos, m, mpos, n, k) {
        var x = new Uint8Array(16);
        crypto_onetimeauth(x, 0, m, mpos, n, k);
        return crypto_verify_16(h, hpos, x, 0);
      }
      function crypto_secretbox(c, m, d, n, k) {
        var i;
        if (d < 32) return -1;
        crypto_stream_xor(c, 0, m, 0, d, n, k);
        crypto_onetimeauth(c, 16, c, 32, d - 32, c);
        for (i = 0; i < 16; i++) c[i] = 0;
        return 0;
      }
      function crypto_secretbox_open(m, c, d, n, k) {
        var i;
        var x = new Uint8Array(32);
        if (d < 32) return -1;
        crypto_stream(x, 0, 32, n, k);
        if (crypto_onetimeauth_verify(c, 16, c, 32, d - 32, x) !== 0) return -1;
        crypto_stream_xor(m, 0, c, 0, d, n, k);
        for (i = 0; i < 32; i++) m[i] = 0;
        return 0;
      }
      function set25519(r, a) {
        var i;
        for (i = 0; i < 16; i++) r[i] = a[i] | 0;
      }
      function car25519(o) {
        var i, v, c = 1;
        for (i = 0; i < 16; i++) {
          v = o[i] + c + 65535;
          c = Math.floor(v / 65536);
          o[i] = v - c * 65536;
        }
        o[0] += c - 1 + 37 * (c - 1);
      }
      function sel25519(p, q, b) {
        var t, c = ~(b - 1);
        for (var i = 0; i < 16; i++) {
          t = c & (p[i] ^ q[i]);
          p[i] ^= t;
          q[i] ^= t;
        }
      }
      function pack25519(o, n) {
        var i, j, b;
        var m = gf(), t = gf();
        for (i = 0; i < 16; i++) t[i] = n[i];
        car25519(t);
        car25519(t);
        car25519(t);
        for (j = 0; j < 2; j++) {
          m[0] = t[0] - 65517;
          for (i = 1; i < 15; i++) {
            m[i] = t[i] - 65535 - (m[i - 1] >> 16 & 1);
            m[i - 1] &= 65535;
          }
          m[15] = t[15] - 32767 - (m[14] >> 16 & 1);
          b = m[15] >> 16 & 1;
          m[14] &= 65535;
          sel25519(t, m, 1 - b);
        }
        for (i = 0; i < 16; i++) {
          o[2 * i] = t[i] & 255;
          o[2 * i + 1] = t[i] >> 8;
        }
      }
      function neq25519(a, b) {
        var c = new Uint8Array(32), d = new Uint8Array(32);
        pack25519(c, a);
        pack25519(d, b);
        return crypto_verify_32(c, 0, d, 0);
      }
      function par25519(a) {
        var d = new Uint8Array(32);
        pack25519(d, a);
        return d[0] & 1;
      }
      function unpack25519(o, n) {
        var i;
        for (i = 0; i < 16; i++) o[i] = n[2 * i] + (n[2 * i + 1] << 8);
        o[15] &= 32767;
      }
      function A(o, a, b) {
        for (var i = 0; i < 16; i++) o[i] = a[i] + b[i];
      }
      function Z(o, a, b) {
        for (var i = 0; i < 16; i++) o[i] = a[i] - b[i];
      }
      function M(o, a, b) {
        var v, c, t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0, t8 = 0, t9 = 0, t10 = 0, t11 = 0, t12 = 0, t13 = 0, t14 = 0, t15 = 0, t16 = 0, t17 = 0, t18 = 0, t19 = 0, t20 = 0, t21 = 0, t22 = 0, t23 = 0, t24 = 0, t25 = 0, t26 = 0, t27 = 0, t28 = 0, t29 = 0, t30 = 0, b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4], b5 = b[5], b6 = b[6], b7 = b[7], b8 = b[8], b9 = b[9], b10 = b[10], b11 = b[11], b12 = b[12], b13 = b[13], b14 = b[14], b15 = b[15];
        v = a[0];
        t0 += v * b0;
        t1 += v * b1;
        t2 += v * b2;
        t3 += v * b3;
        t4 += v * b4;
        t5 += v * b5;
        t6 += v * b6;
        t7 += v * b7;
        t8 += v * b8;
        t9 += v * b9;
        t10 += v * b10;
        t11 += v * b11;
        t12 += v * b12;
        t13 += v * b13;
        t14 += v * b14;
        t15 += v * b15;
        v = a[1];
        t1 += v * b0;
        t2 += v * b1;
        t3 += v * b2;
        t4 += v * b3;
        t5 += v * b4;
        t6 += v * b5;
        t7 += v * b6;
        t8 += v * b7;
        t9 += v * b8;
        t10 += v * b9;
        t11 += v * b10;
        t12 += v * b11;
        t13 += v * b12;
        t14 += v * b13;
        t15 += v * b14;
        t16 += v * b15;
        v = a[2];
        t2 += v * b0;
        t3 += v * b1;
        t4 += v * b2;
        t5 += v * b3;
        t6 += v * b4;
        t7 += v * b5;
        t8 += v * b6;
        t9 += v * b7;
        t10 += v * b8;
        t11 += v * b9;
        t12 += v * b10;
        t13 += v * b11;
        t14 += v * b12;
        t15 += v * b13;
        t16 += v * b14;
        t17 += v * b15;
        v = a[3];
        t3 += v * b0;
        t4 += v * b1;
        t5 += v * b2;
        t6 += v * b3;
        t7 += v * b4;
        t8 += v * b5;
        t9 += v * b6;
        t10 += v * b7;
        t11 += v * b8;
        t12 += v * b9;
        t13 += v * b10;
        t14 += v * b11;
        t15 += v * b12;
        t16 += v * b13;
        t17 += v * b14;
        t18 += v * b15;
        v = a[4];
        t4 += v * b0;
        t5 += v * b1;
        t6 += v * b2;
        t7 += v * b3;
        t8 += v * b4;
        t9 += v * b5;
        t10 += v * b6;
        t11 += v * b7;
        t12 += v * b8;
        t13 += v * b9;
        t14 += v * b10;
        t15 += v * b11;
        t16 += v * b12;
        t17 += v * b13;
        t18 += v * b14;
        t19 += v * b15;
        v = a[5];
        t5 += v * b0;
        t6 += v * b1;
        t7 += v * b2;
        t8 += v * b3;
        t9 += v * b4;
        t10 += v * b5;
        t11 += v * b6;
        t12 += v * b7;
        t13 += v * b8;
        t14 += v * b9;
        t15 += v * b10;
        t16 += v * b11;
        t17 += v * b12;
        t18 += v * b13;
        t19 += v * b14;
        t20 += v * b15;
        v = a[6];
        t6 += v * b0;
        t7 += v * b1;
        t8 += v * b2;
        t9 += v * b3;
        t10 += v * b4;
        t11 += v * b5;
        t12 += v * b6;
        t13 += v * b7;
        t14 += v * b8;
        t15 += v * b9;
        t16 += v * b10;
        t17 += v * b11;
        t18 += v * b12;
        t19 += v * b13;
        t20 += v * b14;
        t21 += v * b15;
        v = a[7];
        t7 += v * b0;
        t8 += v * b1;
        t9 += v * b2;
        t10 += v * b3;
        t11 += v * b4;
        t12 += v * b5;
        t13 += v * b6;
        t14 += v * b7;
        t15 += v * b8;
        t16 += v * b9;
        t17 += v * b10;
        t18 += v * b11;
        t19 += v * b12;
        t20 += v * b13;
        t21 += v * b14;
        t22 += v * b15;
        v = a[8];
        t8 += v * b0;
        t9 += v * b1;
        t10 += v * b2;
        t11 += v * b3;
        t12 += v * b4;
        t13 += v * b5;
        t14 += v * b6;
        t15 += v * b7;
        t16 += v * b8;
        t17 += v * b9;
        t18 += v * b10;
        t19 += v * b11;
        t20 += v * b12;
        t21 += v * b13;
        t22 += v * b14;
        t23 += v * b15;
        v = a[9];
        t9 += v * b0;
        t10 += v * b1;
        t11 += v * b2;
        t12 += v * b3;
        t13 += v * b4;
        t14 += v * b5;
        t15 += v * b6;
        t16 += v * b7;
        t17 += v * b8;
        t18 += v * b9;
        t19 += v * b10;
        t20 += v * b11;
        t21 += v * b12;
        t22 += v * b13;
        t23 += v * b14;
        t24 += v * b15;
        v = a[10];
        t10 += v * b0;
        t11 += v * b1;
        t12 += v * b2;
        t13 += v * b3;
        t14 += v * b4;
        t15 += v * b5;
        t16 += v * b6;
        t17 += v * b7;
        t18 += v * b8;
        t19 += v * b9;
        t20 += v * b10;
        t21 += v * b11;
        t22 += v * b12;
        t23 += v * b13;
        t24 += v * b14;
        t25 += v * b15;
        v = a[11];
        t11 += v * b0;
        t12 += v * b1;
        t13 += v * b2;
        t14 += v * b3;
        t15 += v * b4;
        t16 += v * b5;
        t17 += v * b6;
        t18 += v * b7;
        t19 += v * b8;
        t20 += v * b9;
        t21 += v * b10;
        t22 += v * b11;
        t23 += v * b12;
        t24 += v * b13;
        t25 += v * b14;
        t26 += v * b15;
        v = a[12];
        t12 += v * b0;
        t13 += v * b1;
        t14 += v * b2;
        t15 += v * b3;
        t16 += v * b4;
        t17 += v * b5;
        t18 += v * b6;
        t19 += v * b7;
        t20 += v * b8;
        t21 += v * b9;
        t22 += v * b10;
        t23 += v * b11;
        t24 += v * b12;
        t25 += v * b13;
        t26 += v * b14;
        t27 += v * b15;
        v = a[13];
        t13 += v * b0;
        t14 += v * b1;
        t15 += v * b2;
        t16 += v * b3;
        t17 += v * b4;
        t18 += v * b5;
        t19 += v * b6;
        t20 += v * b7;
        t21 += v * b8;
        t22 += v * b9;
        t23 += v * b10;
        t24 += v * b11;
        t25 += v * b12;
        t26 += v * b13;
        t27 += v * b14;
        t28 += v * b15;
        v = a[14];
        t14 += v * b0;
        t15 += v * b1;
        t16 += v * b2;
        t17 += v * b3;
        t18 += v * b4;
        t19 += v * b5;
        t20 += v * b6;
        t21 += v * b7;
        t22 += v * b8;
        t23 += v * b9;
        t24 += v * b10;
        t25 += v * b11;
        t26 += v * b12;
        t27 += v * b13;
        t28 += v * b14;
        t29 += v * b15;
        v = a[15];
        t15 += v * b0;
        t16 += v * b1;
        t17 += v * b2;
        t18 += v * b3;
        t19 += v * b4;
        t20 += v * b5;
        t21 += v * b6;
        t22 += v * b7;
        t23 += v * b8;
        t24 += v * b9;
        t25 += v * b10;
        t26 += v * b11;
        t27 += v * b12;
        t28 += v * b13;
        t29 += v * b14;
        t30 += v * b15;
        t0 += 38 * t16;
        t1 += 38 * t17;
        t2 += 38 * t18;
        t3 += 38 * t19;
        t4 += 38 * t20;
        t5 += 38 * t21;
        t6 += 38 * t22;
        t7 += 38 * t23;
        t8 += 38 * t24;
        t9 += 38 * t25;
        t10 += 38 * t26;
        t11 += 38 * t27;
        t12 += 38 * t28;
        t13 += 38 * t29;
        t14 += 38 * t30;
        c = 1;
        v = t0 + c + 65535;
        c = Math.floor(v / 65536);
        t0 = v - c * 65536;
        v = t1 + c + 65535;
        c = Math.floor(v / 65536);
        t1 = v - c * 65536;
        v = t2 + c + 65535;
        c = Math.floor(v / 65536);
        t2 = v - c * 65536;
        v = t3 + c + 65535;
        c = Math.floor(v / 65536);
        t3 = v - c * 65536;
        v = t4 + c + 65535;
        c = Math.floor(v / 65536);
        t4 = v - c * 65536;
        v = t5 + c + 65535;
        c = Math.floor(v / 65536);
        t5 = v - c * 65536;
        v = t6 + c + 65535;
        c = Math.floor(v / 65536);
        t6 = v - c * 65536;
        v = t7 + c + 65535;
        c = Math.floor(v / 65536);
        t7 = v - c * 65536;
        v = t8 + c + 65535;
        c = Math.floor(v / 65536);
        t8 = v - c * 65536;
        v = t9 + c + 65535;
        c = Math.floor(v / 65536);
        t9 = v - c * 65536;
        v = t10 + c + 65535;
        c = Math.floor(v / 65536);
        t10 = v - c * 65536;
        v = t11 + c + 65535;
        c = Math.floor(v / 65536);
        t11 = v - c * 65536;
        v = t12 + c + 65535;
        c = Math.floor(v / 65536);
        t12 = v - c * 65536;
        v = t13 + c + 65535;
        c = Math.floor(v / 65536);
        t13 = v - c * 65536;
        v = t14 + c + 65535;
        c = Math.floor(v / 65536);
        t14 = v - c * 65536;
        v = t15 + c + 65535;
        c = Math.floor(v / 65536);
        t15 = v - c * 65536;
        t0 += c - 1 + 37 * (c - 1);
        c = 1;
        v = t0 + c + 65535;
        c = Math.floor(v / 65536);
        t0 = v - c * 65536;
        v = t1 + c + 65535;
        c = Math.floor(v / 65536);
        t1 = v - c * 65536;
        v = t2 + c + 65535;
        c = Math.floor(v / 65536);
        t2 = v - c * 65536;
        v = t3 + c + 65535;
        c = Math.floor(v / 65536);
        t3 = v - c * 65536;
        v = t4 + c + 65535;
        c = Math.floor(v / 65536);
        t4 = v - c * 65536;
        v = t5 + c + 65535;
        c = Math.floor(v / 65536);
        t5 = v - c * 65536;
        v = t6 + c + 65535;
        c = Math.floor(v / 65536);
        t6 = v - c * 65536;
        v = t7 + c + 65535;
        c = Math.floor(v / 65536);
        t7 = v - c * 65536;
        v = t8 + c + 65535;
        c = Math.floor(v / 65536);
        t8 = v - c * 65536;
        v = t9 + c + 65535;
        c = Math.floor(v / 65536);
        t9 = v - c * 65536;
        v = t10 + c + 65535;
        c = Math.floor(v / 65536);
        t10 = v - c * 65536;
        v = t11 + c + 65535;
        c = Math.floor(v / 65536);
        t11 = v - c * 65536;
        v = t12 + c + 65535;
        c = Math.floor(v / 65536);
        t12 = v - c * 65536;
        v = t13 + c + 65535;
        c = Math.floor(v / 65536);
        t13 = v - c * 65536;
        v = t14 + c + 65535;
        c = Math.floor(v / 65536);
        t14 = v - c * 65536;
        v = t15 + c + 65535;
        c = Math.floor(v / 65536);
        t15 = v - c * 65536;
        t0 += c - 1 + 37 * (c - 1);
        o[0] = t0;
        o[1] = t1;
        o[2] = t2;
        o[3] = t3;
        o[4] = t4;
        o[5] = t5;
        o[6] = t6;
        o[7] = t7;
        o[8] = t8;
        o[9] = t9;
        o[10] = t10;
        o[11] = t11;
        o[12] = t12;
        o[13] = t13;
        o[14] = t14;
        o[15] = t15;
      }
      function S(o, a) {
        M(o, a, a);
      }
      function inv25519(o, i) {
        var c = gf();
        var a;
        for (a = 0; a < 16; a++) c[a] = i[a];
        for (a = 253; a >= 0; a--) {
          S(c, c);
          if (a !== 2 && a !== 4) M(c, c, i);
        }
        for (a = 0; a < 16; a++) o[a] = c[a];
      }
      function pow2523(o, i) {
        var c = gf();
        var a;
        for (a = 0; a < 16; a++) c[a] = i[a];
        for (a = 250; a >= 0; a--) {
          S(c, c);
          if (a !== 1) M(c, c, i);
        }
        for (a = 0; a < 16; a++) o[a] = c[a];
      }
      function crypto_scalarmult(q, n, p) {
        var z = new Uint8Array(32);
        var x = new Float64Array(80), r, i;
        var a = gf(), b = gf(), c = gf(), d = gf(), e = gf(), f = gf();
        for (i = 0; i < 31; i++) z[i] = n[i];
        z[31] = n[31] & 127 | 64;
        z[0] &= 248;
        unpack25519(x, p);
        for (i = 0; i < 16; i++) {
          b[i] = x[i];
          d[i] = a[i] = c[i] = 0;
        }
        a[0] = d[0] = 1;
        for (i = 254; i >= 0; --i) {
          r = z[i >>> 3] >>> (i & 7) & 1;
          sel25519(a, b, r);
          sel25519(c, d, r);
          A(e, a, c);
          Z(a, a, c);
          A(c, b, d);
          Z(b, b, d);
          S(d, e);
          S(f, a);
          M(a, c, a);
          M(c, b, e);
          A(e, a, c);
          Z(a, a, c);
          S(b, a);
          Z(c, d, f);
          M(a, c, _121665);
          A(a, a, d);
          M(c, c, a);
          M(a, d, f);
          M(d, b, x);
          S(b, e);
          sel25519(a, b, r);
          sel25519(c, d, r);
        }
        for (i = 0; i < 16; i++) {
          x[i + 16] = a[i];
          x[i + 32] = c[i];
          x[i + 48] = b[i];
          x[i + 64] = d[i];
        }
        var x32 = x.subarray(32);
        var x16 = x.subarray(16);
        inv25519(x32, x32);
        M(x16, x16, x32);
        pack25519(q, x16);
        return 0;
      }
      function crypto_scalarmult_base(q, n) {
        return crypto_scalarmult(q, n, _9);
      }
      function crypto_box_keypair(y, x) {
        randombytes(x, 32);
        return crypto_scalarmult_base(y, x);
      }
      function crypto_box_beforenm(k, y, x) {
        var s = new Uint8Array(32);
        crypto_scalarmult(s, x, y);
        return crypto_core_hsalsa20(k, _0, s, sigma);
      }
      var crypto_box_afternm = crypto_secretbox;
      var crypto_box_open_afternm = crypto_secretbox_open;
      function crypto_box(c, m, d, n, y, x) {
        var k = new Uint8Array(32);
        crypto_box_beforenm(k, y, x);
        return crypto_box_afternm(c, m, d, n, k);
      }
      function crypto_box_open(m, c, d, n, y, x) {
        var k = new Uint8Array(32);
        crypto_box_beforenm(k, y, x);
        return crypto_box_open_afternm(m, c, d, n, k);
      }
      var K = [
        1116352408,
        3609767458,
        1899447441,
        602891725,
        3049323471,
        3964484399,
        3921009573,
        2173295548,
        961987163,
        4081628472,
        1508970993,
        3053834265,
        2453635748,
        2937671579,
        2870763221,
        3664609560,
        3624381080,
        2734883394,
        310598401,
        1164996542,
        607225278,
        1323610764,
        1426881987,
        3590304994,
        1925078388,
        4068182383,
        2162078206,
        991336113,
        2614888103,
        633803317,
        3248222580,
        3479774868,
        3835390401,
        2666613458,
        4022224774,
        944711139,
        264347078,
        2341262773,
        604807628,
        2007800933,
        770255983,
        1495990901,
        1249150122,
        1856431235,
        1555081692,
        3175218132,
        1996064986,
        2198950837,
        2554220882,
        3999719339,
        2821834349,
        766784016,
        2952996808,
        2566594879,
        3210313671,
        3203337956,
        3336571891,
        1034457026,
        3584528711,
        2466948901,
        113926993,
        3758326383,
        338241895,
        168717936,
        666307205,
        1188179964,
        773529912,
        1546045734,
        1294757372,
        1522805485,
        1396182291,
        2643833823,
        1695183700,
        2343527390,
        1986661051,
        1014477480,
        2177026350,
        1206759142,
        2456956037,
        344077627,
        2730485921,
        1290863460,
        2820302411,
        3158454273,
        3259730800,
        3505952657,
        3345764771,
        106217008,
        3516065817,
        3606008344,
        3600352804,
        1432725776,
        4094571909,
        1467031594,
        275423344,
        851169720,
        430227734,
        3100823752,
        506948616,
        1363258195,
        659060556,
        3750685593,
        883997877,
        3785050280,
        958139571,
        3318307427,
        1322822218,
        3812723403,
        1537002063,
        2003034995,
        1747873779,
        3602036899,
        1955562222,
        1575990012,
        2024104815,
        1125592928,
        2227730452,
        2716904306,
        2361852424,
        442776044,
        2428436474,
        593698344,
        2756734187,
        3733110249,
        3204031479,
        2999351573,
        3329325298,
        3815920427,
        3391569614,
        3928383900,
        3515267271,
        566280711,
        3940187606,
        3454069534,
        4118630271,
        4000239992,
        116418474,
        1914138554,
        174292421,
        2731055270,
        289380356,
        3203993006,
        460393269,
        320620315,
        685471733,
        587496836,
        852142971,
        1086792851,
        1017036298,
        365543100,
        1126000580,
        2618297676,
        1288033470,
        3409855158,
        1501505948,
        4234509866,
        1607167915,
        987167468,
        1816402316,
        1246189591
      ];
      function crypto_hashblocks_hl(hh, hl, m, n) {
        var wh = new Int32Array(16), wl = new Int32Array(16), bh0, bh1, bh2, bh3, bh4, bh5, bh6, bh7, bl0, bl1, bl2, bl3, bl4, bl5, bl6, bl7, th, tl, i, j, h, l, a, b, c, d;
        var ah0 = hh[0], ah1 = hh[1], ah2 = hh[2], ah3 = hh[3], ah4 = hh[4], ah5 = hh[5], ah6 = hh[6], ah7 = hh[7], al0 = hl[0], al1 = hl[1], al2 = hl[2], al3 = hl[3], al4 = hl[4], al5 = hl[5], al6 = hl[6], al7 = hl[7];
        var pos = 0;
        while (n >= 128) {
          for (i = 0; i < 16; i++) {
            j = 8 * i + pos;
            wh[i] = m[j + 0] << 24 | m[j + 1] << 16 | m[j + 2] << 8 | m[j + 3];
            wl[i] = m[j + 4] << 24 | m[j + 5] << 16 | m[j + 6] << 8 | m[j + 7];
          }
          for (i = 0; i < 80; i++) {
            bh0 = ah0;
            bh1 = ah1;
            bh2 = ah2;
            bh3 = ah3;
            bh4 = ah4;
            bh5 = ah5;
            bh6 = ah6;
            bh7 = ah7;
            bl0 = al0;
            bl1 = al1;
            bl2 = al2;
            bl3 = al3;
            bl4 = al4;
            bl5 = al5;
            bl6 = al6;
            bl7 = al7;
            h = ah7;
            l = al7;
            a = l & 65535;
            b = l >>> 16;
            c = h & 65535;
            d = h >>> 16;
            h = (ah4 >>> 14 | al4 << 32 - 14) ^ (ah4 >>> 18 | al4 << 32 - 18) ^ (al4 >>> 41 - 32 | ah4 << 32 - (41 - 32));
            l = (al4 >>> 14 | ah4 << 32 - 14) ^ (al4 >>> 18 | ah4 << 32 - 18) ^ (ah4 >>> 41 - 32 | al4 << 32 - (41 - 32));
            a += l & 65535;
            b += l >>> 16;
            c += h & 65535;
            d += h >>> 16;
            h = ah4 & ah5 ^ ~ah4 & ah6;
            l = al4 & al5 ^ ~al4 & al6;
            a += l & 65535;
            b += l >>> 16;
            c += h & 65535;
            d += h >>> 16;
            h = K[i * 2];
            l = K[i * 2 + 1];
            a += l & 65535;
            b += l >>> 16;
            c += h & 65535;
            d += h >>> 16;
            h = wh[i % 16];
            l = wl[i % 16];
            a += l & 65535;
            b += l >>> 16;
            c += h & 65535;
            d += h >>> 16;
            b += a >>> 16;
            c += b >>> 16;
            d += c >>> 16;
            th = c & 65535 | d << 16;
            tl = a & 65535 | b << 16;
            h = th;
            l = tl;
            a = l & 65535;
            b = l >>> 16;
            c = h & 65535;
            d = h >>> 16;
            h = (ah0 >>> 28 | al0 << 32 - 28) ^ (al0 >>> 34 - 32 | ah0 << 32 - (34 - 32)) ^ (al0 >>> 39 - 32 | ah0 << 32 - (39 - 32));
            l = (al0 >>> 28 | ah0 << 32 - 28) ^ (ah0 >>> 34 - 32 | al0 << 32 - (34 - 32)) ^ (ah0 >>> 39 - 32 | al0 << 32 - (39 - 32));
            a += l & 65535;
            b += l >>> 16;
            c += h & 65535;
            d += h >>> 16;
            h = ah0 & ah1 ^ ah0 & ah2 ^ ah1 & ah2;
            l = al0 & al1 ^ al0 & al2 ^ al1 & al2;
            a += l & 65535;
            b += l >>> 16;
            c += h & 65535;
            d += h >>> 16;
            b += a >>> 16;
            c += b >>> 16;
            d += c >>> 16;
            bh7 = c & 65535 | d << 16;
            bl7 = a & 65535 | b << 16;
            h = bh3;
            l = bl3;
            a = l & 65535;
            b = l >>> 16;
            c = h & 65535;
            d = h >>> 16;
            h = th;
            l = tl;
            a += l & 65535;
            b += l >>> 16;
            c += h & 65535;
            d += h >>> 16;
            b += a >>> 16;
            c += b >>> 16;
            d += c >>> 16;
            bh3 = c & 65535 | d << 16;
            bl3 = a & 65535 | b << 16;
            ah1 = bh0;
            ah2 = bh1;
            ah3 = bh2;
            ah4 = bh3;
            ah5 = bh4;
            ah6 = bh5;
            ah7 = bh6;
            ah0 = bh7;
            al1 = bl0;
            al2 = bl1;
            al3 = bl2;
            al4 = bl3;
            al5 = bl4;
            al6 = bl5;
            al7 = bl6;
            al0 = bl7;
            if (i % 16 === 15) {
              for (j = 0; j < 16; j++) {
                h = wh[j];
                l = wl[j];
                a = l & 65535;
                b = l >>> 16;
                c = h & 65535;
                d = h >>> 16;
                h = wh[(j + 9) % 16];
                l = wl[(j + 9) % 16];
                a += l & 65535;
                b += l >>> 16;
                c += h & 65535;
                d += h >>> 16;
                th = wh[(j + 1) % 16];
                tl = wl[(j + 1) % 16];
                h = (th >>> 1 | tl << 32 - 1) ^ (th >>> 8 | tl << 32 - 8) ^ th >>> 7;
                l = (tl >>> 1 | th << 32 - 1) ^ (tl >>> 8 | th << 32 - 8) ^ (tl >>> 7 | th << 32 - 7);
                a += l & 65535;
                b += l >>> 16;
                c += h & 65535;
                d += h >>> 16;
                th = wh[(j + 14) % 16];
                tl = wl[(j + 14) % 16];
                h = (th >>> 19 | tl << 32 - 19) ^ (tl >>> 61 - 32 | th << 32 - (61 - 32)) ^ th >>> 6;
                l = (tl >>> 19 | th << 32 - 19) ^ (th >>> 61 - 32 | tl << 32 - (61 - 32)) ^ (tl >>> 6 | th << 32 - 6);
                a += l & 65535;
                b += l >>> 16;
                c += h & 65535;
                d += h >>> 16;
                b += a >>> 16;
                c += b >>> 16;
                d += c >>> 16;
                wh[j] = c & 65535 | d << 16;
                wl[j] = a & 65535 | b << 16;
              }
            }
          }
          h = ah0;
          l = al0;
          a = l & 65535;
          b = l >>> 16;
          c = h & 65535;
          d = h >>> 16;
          h = hh[0];
          l = hl[0];
          a += l & 65535;
          b += l >>> 16;
          c += h & 65535;
          d += h >>> 16;
          b += a >>> 16;
          c += b >>> 16;
          d += c >>> 16;
          hh[0] = ah0 = c & 65535 | d << 16;
          hl[0] = al0 = a & 65535 | b << 16;
          h = ah1;
          l = al1;
          a = l & 65535;
          b = l >>> 16;
          c = h & 65535;
          d = h >>> 16;
          h = hh[1];
          l = hl[1];
          a += l & 65535;
          b += l >>> 16;
          c += h & 65535;
          d += h >>> 16;
          b += a >>> 16;
          c += b >>> 16;
          d += c >>> 16;
          hh[1] = ah1 = c & 65535 | d << 16;
          hl[1] = al1 = a & 65535 | b << 16;
          h = ah2;
          l = al2;
          a = l & 65535;
          b = l >>> 16;
          c = h & 65535;
          d = h >>> 16;
          h = hh[2];
          l = hl[2];
          a += l & 65535;
          b += l >>> 16;
          c += h & 65535;
          d += h >>> 16;
          b += a >>> 16;
          c += b >>> 16;
          d += c >>> 16;
          hh[2] = ah2 = c & 65535 | d << 16;
          hl[2] = al2 = a & 65535 | b << 16;
          h = ah3;
          l = al3;
          a = l & 65535;
          b = l >>> 16;
          c = h & 65535;
          d = h >>> 16;
          h = hh[3];
          l = hl[3];
          a += l & 65535;
          b += l >>> 16;
          c += h & 65535;
          d += h >>> 16;
          b += a >>> 16;
          c += b >>> 16;
          d += c >>> 16;
          hh[3] = ah3 = c & 65535 | d << 16;
          hl[3] = al3 = a & 65535 | b << 16;
          h = ah4;
          l = al4;
          a = l & 65535;
          b = l >>> 16;
          c = h & 65535;
          d = h >>> 16;
          h = hh[4];
          l = hl[4];
          a += l & 65535;
          b += l >>> 16;
          c += h & 65535;
          d += h >>> 16;
          b += a >>> 16;
          c += b >>> 16;
          d += c >>> 16;
          hh[4] = ah4 = c & 65535 | d << 16;
          hl[4] = al4 = a & 65535 | b << 16;
          h = ah5;
          l = al5;
          a = l & 65535;
          b = l >>> 16;
          c = h & 65535;
          d = h >>> 16;
          h = hh[5];
          l = hl[5];
          a += l & 65535;
          b += l >>> 16;
          c += h & 65535;
          d += h >>> 16;
          b += a >>> 16;
          c += b >>> 16;
          d += c >>> 16;
          hh[5] = ah5 = c & 65535 | d << 16;
          hl[5] = al5 = a & 65535 | b << 16;
          h = ah6;
          l = al6;
          a = l & 65535;
          b = l >>> 16;
          c = h & 65535;
          d = h >>> 16;
          h = hh[6];
          l = hl[6];
          a += l & 65535;
          b += l >>> 16;
          c += h & 65535;
          d += h >>> 16;
          b += a >>> 16;
          c += b >>> 16;
          d += c >>> 16;
          hh[6] = ah6 = c & 65535 | d << 16;
          hl[6] = al6 = a & 65535 | b << 16;
          h = ah7;
          l = al7;
          a = l & 65535;
          b = l >>> 16;
          c = h & 65535;
          d = h >>> 16;
          h = hh[7];
          l = hl[7];
          a += l & 65535;
          b += l >>> 16;
          c += h & 65535;
          d += h >>> 16;
          b += a >>> 16;
          c += b >>> 16;
          d += c >>> 16;
          hh[7] = ah7 = c & 65535 | d << 16;
          hl[7] = al7 = a & 65535 | b << 16;
          pos += 128;
          n -= 128;
        }
        return n;
      }
      function crypto_hash(out, m, n) {
        var hh = new Int32Array(8), hl = new Int32Array(8), x = new Uint8Array(256), i, b = n;
        hh[0] = 1779033703;
        hh[1] = 3144134277;
        hh[2] = 1013904242;
        hh[3] = 2773480762;
        hh[4] = 1359893119;
        hh[5] = 2600822924;
        hh[6] = 528734635;
        hh[7] = 1541459225;
        hl[0] = 4089235720;
        hl[1] = 2227873595;
        hl[2] = 4271175723;
        hl[3] = 1595750129;
        hl[4] = 2917565137;
        hl[5] = 725511199;
        hl[6] = 4215389547;
        hl[7] = 327033209;
        crypto_hashblocks_hl(hh, hl, m, n);
        n %= 128;
        for (i = 0; i < n; i++) x[i] = m[b - n + i];
        x[n] = 128;
        n = 256 - 128 * (n < 112 ? 1 : 0);
        x[n - 9] = 0;
        ts64(x, n - 8, b / 536870912 | 0, b << 3);
        crypto_hashblocks_hl(hh, hl, x, n);
        for (i = 0; i < 8; i++) ts64(out, 8 * i, hh[i], hl[i]);
        return 0;
      }
      function add(p, q) {
        var a = gf(), b = gf(), c = gf(), d = gf(), e = gf(), f = gf(), g = gf(), h = gf(), t = gf();
        Z(a, p[1], p[0]);
        Z(t, q[1], q[0]);
        M(a, a, t);
        A(b, p[0], p[1]);
        A(t, q[0], q[1]);
        M(b, b, t);
        M(c, p[3], q[3]);
        M(c, c, D2);
        M(d, p[2], q[2]);
        A(d, d, d);
        Z(e, b, a);
        Z(f, d, c);
        A(g, d, c);
        A(h, b, a);
        M(p[0], e, f);
        M(p[1], h, g);
        M(p[2], g, f);
        M(p[3], e, h);
      }
      function cswap(p, q, b) {
        var i;
        for (i = 0; i < 4; i++) {
          sel25519(p[i], q[i], b);
        }
      }
      function pack(r, p) {
        var tx = gf(), ty = gf(), zi = gf();
        inv25519(zi, p[2]);
        M(tx, p[0], zi);
        M(ty, p[1], zi);
        pack25519(r, ty);
        r[31] ^= par25519(tx) << 7;
      }
      function scalarmult(p, q, s) {
        var b, i;
        set25519(p[0], gf0);
        set25519(p[1], gf1);
        set25519(p[2], gf1);
        set25519(p[3], gf0);
        for (i = 255; i >= 0; --i) {
          b = s[i / 8 | 0] >> (i & 7) & 1;
          cswap(p, q, b);
          add(q, p);
          add(p, p);
          cswap(p, q, b);
        }
      }
      function scalarbase(p, s) {
        var q = [gf(), gf(), gf(), gf()];
        set25519(q[0], X);
        set25519(q[1], Y);
        set25519(q[2], gf1);
        M(q[3], X, Y);
        scalarmult(p, q, s);
      }
      function crypto_sign_keypair(pk, sk, seeded) {
        var d = new Uint8Array(64);
        var p = [gf(), gf(), gf(), gf()];
        var i;
        if (!seeded) randombytes(sk, 32);
        crypto_hash(d, sk, 32);
        d[0] &= 248;
        d[31] &= 127;
        d[31] |= 64;
        scalarbase(p, d);
        pack(pk, p);
        for (i = 0; i < 32; i++) sk[i + 32] = pk[i];
        return 0;
      }
      var L = new Float64Array([237, 211, 245, 92, 26, 99, 18, 88, 214, 156, 247, 162, 222, 249, 222, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16]);
      function modL(r, x) {
        var carry, i, j, k;
        for (i = 63; i >= 32; --i) {
          carry = 0;
          for (j = i - 32, k = i - 12; j < k; ++j) {
            x[j] += carry - 16 * x[i] * L[j - (i - 32)];
            carry = Math.floor((x[j] + 128) / 256);
            x[j] -= carry * 256;
          }
          x[j] += carry;
          x[i] = 0;
        }
        carry = 0;
        for (j = 0; j < 32; j++) {
          x[j] += carry - (x[31] >> 4) * L[j];
          carry = x[j] >> 8;
          x[j] &= 255;
        }
        for (j = 0; j < 32; j++) x[j] -= carry * L[j];
        for (i = 0; i < 32; i++) {
          x[i + 1] += x[i] >> 8;
          r[i] = x[i] & 255;
        }
      }
      function reduce(r) {
        var x = new Float64Array(64), i;
        for (i = 0; i < 64; i++) x[i] = r[i];
        for (i = 0; i < 64; i++) r[i] = 0;
        modL(r, x);
      }
      function crypto_sign(sm, m, n, sk) {
        var d = new Uint8Array(64), h = new Uint8Array(64), r = new Uint8Array(64);
        var i, j, x = new Float64Array(64);
        var p = [gf(), gf(), gf(), gf()];
        crypto_hash(d, sk, 32);
        d[0] &= 248;
        d[31] &= 127;
        d[31] |= 64;
        var smlen = n + 64;
        for (i = 0; i < n; i++) sm[64 + i] = m[i];
        for (i = 0; i < 32; i++) sm[32 + i] = d[32 + i];
        crypto_hash(r, sm.subarray(32), n + 32);
        reduce(r);
        scalarbase(p, r);
        pack(sm, p);
        for (i = 32; i < 64; i++) sm[i] = sk[i];
        crypto_hash(h, sm, n + 64);
        reduce(h);
        for (i = 0; i < 64; i++) x[i] = 0;
        for (i = 0; i < 32; i++) x[i] = r[i];
        for (i = 0; i < 32; i++) {
          for (j = 0; j < 32; j++) {
            x[i + j] += h[i] * d[j];
          }
        }
        modL(sm.subarray(32), x);
        return smlen;
      }
      function unpackneg(r, p) {
        var t = gf(), chk = gf(), num = gf(), den = gf(), den2 = gf(), den4 = gf(), den6 = gf();
        set25519(r[2], gf1);
        unpack25519(r[1], p);
        S(num, r[1]);
        M(den, num, D);
        Z(num, num, r[2]);
        A(den, r[2], den);
        S(den2, den);
        S(den4, den2);
        M(den6, den4, den2);
        M(t, den6, num);
        M(t, t, den);
        pow2523(t, t);
        M(t, t, num);
        M(t, t, den);
        M(t, t, den);
        M(r[0], t, den);
        S(chk, r[0]);
        M(chk, chk, den);
        if (neq25519(chk, num)) M(r[0], r[0], I);
        S(chk, r[0]);
        M(chk, chk, den);
        if (neq25519(chk, num)) return -1;
        if (par25519(r[0]) === p[31] >> 7) Z(r[0], gf0, r[0]);
        M(r[3], r[0], r[1]);
        return 0;
      }
      function crypto_sign_open(m, sm, n, pk) {
        var i;
        var t = new Uint8Array(32), h = new Uint8Array(64);
        var p = [gf(), gf(), gf(), gf()], q = [gf(), gf(), gf(), gf()];
        if (n < 64) return -1;
        if (unpackneg(q, pk)) return -1;
        for (i = 0; i < n; i++) m[i] = sm[i];
        for (i = 0; i < 32; i++) m[i + 32] = pk[i];
        crypto_hash(h, m, n);
        reduce(h);
        scalarmult(p, q, h);
        scalarbase(q, sm.subarray(32));
        add(p, q);
        pack(t, p);
        n -= 64;
        if (crypto_verify_32(sm, 0, t, 0)) {
          for (i = 0; i < n; i++) m[i] = 0;
          return -1;
        }
        for (i = 0; i < n; i++) m[i] = sm[i + 64];
        return n;
      }
      var crypto_secretbox_KEYBYTES = 32, crypto_secretbox_NONCEBYTES = 24, crypto_secretbox_ZEROBYTES = 32, crypto_secretbox_BOXZEROBYTES = 16, crypto_scalarmult_BYTES = 32, crypto_scalarmult_SCALARBYTES = 32, crypto_box_PUBLICKEYBYTES = 32, crypto_box_SECRETKEYBYTES = 32, crypto_box_BEFORENMBYTES = 32, crypto_box_NONCEBYTES = crypto_secretbox_NONCEBYTES, crypto_box_ZEROBYTES = crypto_secretbox_ZEROBYTES, crypto_box_BOXZEROBYTES = crypto_secretbox_BOXZEROBYTES, crypto_sign_BYTES = 64, crypto_sign_PUBLICKEYBYTES = 32, crypto_sign_SECRETKEYBYTES = 64, crypto_sign_SEEDBYTES = 32, crypto_hash_BYTES = 64;
      nacl2.lowlevel = {
        crypto_core_hsalsa20,
        crypto_stream_xor,
        crypto_stream,
        crypto_stream_salsa20_xor,
        crypto_stream_salsa20,
        crypto_onetimeauth,
        crypto_onetimeauth_verify,
        crypto_verify_16,
        crypto_verify_32,
        crypto_secretbox,
        crypto_secretbox_open,
        crypto_scalarmult,
        crypto_scalarmult_base,
        crypto_box_beforenm,
        crypto_box_afternm,
        crypto_box,
        crypto_box_open,
        crypto_box_keypair,
        crypto_hash,
        crypto_sign,
        crypto_sign_keypair,
        crypto_sign_open,
        crypto_secretbox_KEYBYTES,
        crypto_secretbox_NONCEBYTES,
        crypto_secretbox_ZEROBYTES,
        crypto_secretbox_BOXZEROBYTES,
        crypto_scalarmult_BYTES,
        crypto_scalarmult_SCALARBYTES,
        crypto_box_PUBLICKEYBYTES,
        crypto_box_SECRETKEYBYTES,
        crypto_box_BEFORENMBYTES,
        crypto_box_NONCEBYTES,
        crypto_box_ZEROBYTES,
        crypto_box_BOXZEROBYTES,
        crypto_sign_BYTES,
        crypto_sign_PUBLICKEYBYTES,
        crypto_sign_SECRETKEYBYTES,
        crypto_sign_SEEDBYTES,
        crypto_hash_BYTES,
        gf,
        D,
        L,
        pack25519,
        unpack25519,
        M,
        A,
        S,
        Z,
        pow2523,
        add,
        set25519,
        modL,
        scalarmult,
        scalarbase
      };
      function checkLengths(k, n) {
        if (k.length !== crypto_secretbox_KEYBYTES) throw new Error("bad key size");
        if (n.length !== crypto_secretbox_NONCEBYTES) throw new Error("bad nonce size");
      }
      function checkBoxLengths(pk, sk) {
        if (pk.length !== crypto_box_PUBLICKEYBYTES) throw new Error("bad public key size");
        if (sk.length !== crypto_box_SECRETKEYBYTES) throw new Error("bad secret key size");
      }
      function checkArrayTypes() {
        for (var i = 0; i < arguments.length; i++) {
          if (!(arguments[i] instanceof Uint8Array))
            throw new TypeError("unexpected type, use Uint8Array");
        }
      }
      function cleanup(arr) {
        for (var i = 0; i < arr.length; i++) arr[i] = 0;
      }
      nacl2.randomBytes = function(n) {
        var b = new Uint8Array(n);
        randombytes(b, n);
        return b;
      };
      nacl2.secretbox = function(msg, nonce, key) {
        checkArrayTypes(msg, nonce, key);
        checkLengths(key, nonce);
        var m = new Uint8Array(crypto_secretbox_ZEROBYTES + msg.length);
        var c = new Uint8Array(m.length);
        for (var i = 0; i < msg.length; i++) m[i + crypto_secretbox_ZEROBYTES] = msg[i];
        crypto_secretbox(c, m, m.length, nonce, key);
        return c.subarray(crypto_secretbox_BOXZEROBYTES);
      };
      nacl2.secretbox.open = function(box, nonce, key) {
        checkArrayTypes(box, nonce, key);
        checkLengths(key, nonce);
        var c = new Uint8Array(crypto_secretbox_BOXZEROBYTES + box.length);
        var m = new Uint8Array(c.length);
        for (var i = 0; i < box.length; i++) c[i + crypto_secretbox_BOXZEROBYTES] = box[i];
        if (c.length < 32) return null;
        if (crypto_secretbox_open(m, c, c.length, nonce, key) !== 0) return null;
        return m.subarray(crypto_secretbox_ZEROBYTES);
      };
      nacl2.secretbox.keyLength = crypto_secretbox_KEYBYTES;
      nacl2.secretbox.nonceLength = crypto_secretbox_NONCEBYTES;
      nacl2.secretbox.overheadLength = crypto_secretbox_BOXZEROBYTES;
      nacl2.scalarMult = function(n, p) {
        checkArrayTypes(n, p);
        if (n.length !== crypto_scalarmult_SCALARBYTES) throw new Error("bad n size");
        if (p.length !== crypto_scalarmult_BYTES) throw new Error("bad p size");
        var q = new Uint8Array(crypto_scalarmult_BYTES);
        crypto_scalarmult(q, n, p);
        return q;
      };
      nacl2.scalarMult.base = function(n) {
        checkArrayTypes(n);
        if (n.length !== crypto_scalarmult_SCALARBYTES) throw new Error("bad n size");
        var q = new Uint8Array(crypto_scalarmult_BYTES);
        crypto_scalarmult_base(q, n);
        return q;
      };
      nacl2.scalarMult.scalarLength = crypto_scalarmult_SCALARBYTES;
      nacl2.scalarMult.groupElementLength = crypto_scalarmult_BYTES;
      nacl2.box = function(msg, nonce, publicKey, secretKey) {
        var k = nacl2.box.before(publicKey, secretKey);
        return nacl2.secretbox(msg, nonce, k);
      };
      nacl2.box.before = function(publicKey, secretKey) {
        checkArrayTypes(publicKey, secretKey);
        checkBoxLengths(publicKey, secretKey);
        var k = new Uint8Array(crypto_box_BEFORENMBYTES);
        crypto_box_beforenm(k, publicKey, secretKey);
        return k;
      };
      nacl2.box.after = nacl2.secretbox;
      nacl2.box.open = function(msg, nonce, publicKey, secretKey) {
        var k = nacl2.box.before(publicKey, secretKey);
        return nacl2.secretbox.open(msg, nonce, k);
      };
      nacl2.box.open.after = nacl2.secretbox.open;
      nacl2.box.keyPair = function() {
        var pk = new Uint8Array(crypto_box_PUBLICKEYBYTES);
        var sk = new Uint8Array(crypto_box_SECRETKEYBYTES);
        crypto_box_keypair(pk, sk);
        return { publicKey: pk, secretKey: sk };
      };
      nacl2.box.keyPair.fromSecretKey = function(secretKey) {
        checkArrayTypes(secretKey);
        if (secretKey.length !== crypto_box_SECRETKEYBYTES)
          throw new Error("bad secret key size");
        var pk = new Uint8Array(crypto_box_PUBLICKEYBYTES);
        crypto_scalarmult_base(pk, secretKey);
        return { publicKey: pk, secretKey: new Uint8Array(secretKey) };
      };
      nacl2.box.publicKeyLength = crypto_box_PUBLICKEYBYTES;
      nacl2.box.secretKeyLength = crypto_box_SECRETKEYBYTES;
      nacl2.box.sharedKeyLength = crypto_box_BEFORENMBYTES;
      nacl2.box.nonceLength = crypto_box_NONCEBYTES;
      nacl2.box.overheadLength = nacl2.secretbox.overheadLength;
      nacl2.sign = function(msg, secretKey) {
        checkArrayTypes(msg, secretKey);
        if (secretKey.length !== crypto_sign_SECRETKEYBYTES)
          throw new Error("bad secret key size");
        var signedMsg = new Uint8Array(crypto_sign_BYTES + msg.length);
        crypto_sign(signedMsg, msg, msg.length, secretKey);
        return signedMsg;
      };
      nacl2.sign.open = function(signedMsg, publicKey) {
        checkArrayTypes(signedMsg, publicKey);
        if (publicKey.length !== crypto_sign_PUBLICKEYBYTES)
          throw new Error("bad public key size");
        var tmp = new Uint8Array(signedMsg.length);
        var mlen = crypto_sign_open(tmp, signedMsg, signedMsg.length, publicKey);
        if (mlen < 0) return null;
        var m = new Uint8Array(mlen);
        for (var i = 0; i < m.length; i++) m[i] = tmp[i];
        return m;
      };
      nacl2.sign.detached = function(msg, secretKey) {
        var signedMsg = nacl2.sign(msg, secretKey);
        var sig = new Uint8Array(crypto_sign_BYTES);
        for (var i = 0; i < sig.length; i++) sig[i] = signedMsg[i];
        return sig;
      };
      nacl2.sign.detached.verify = function(msg, sig, publicKey) {
        checkArrayTypes(msg, sig, publicKey);
        if (sig.length !== crypto_sign_BYTES)
          throw new Error("bad signature size");
        if (publicKey.length !== crypto_sign_PUBLICKEYBYTES)
          throw new Error("bad public key size");
        var sm = new Uint8Array(crypto_sign_BYTES + msg.length);
        var m = new Uint8Array(crypto_sign_BYTES + msg.length);
        var i;
        for (i = 0; i < crypto_sign_BYTES; i++) sm[i] = sig[i];
        for (i = 0; i < msg.length; i++) sm[i + crypto_sign_BYTES] = msg[i];
        return crypto_sign_open(m, sm, sm.length, publicKey) >= 0;
      };
      nacl2.sign.keyPair = function() {
        var pk = new Uint8Array(crypto_sign_PUBLICKEYBYTES);
        var sk = new Uint8Array(crypto_sign_SECRETKEYBYTES);
        crypto_sign_keypair(pk, sk);
        return { publicKey: pk, secretKey: sk };
      };
      nacl2.sign.keyPair.fromSecretKey = function(secretKey) {
        checkArrayTypes(secretKey);
        if (secretKey.length !== crypto_sign_SECRETKEYBYTES)
          throw new Error("bad secret key size");
        var pk = new Uint8Array(crypto_sign_PUBLICKEYBYTES);
        for (var i = 0; i < pk.length; i++) pk[i] = secretKey[32 + i];
        return { publicKey: pk, secretKey: new Uint8Array(secretKey) };
      };
      nacl2.sign.keyPair.fromSeed = function(seed) {
        checkArrayTypes(seed);
        if (seed.length !== crypto_sign_SEEDBYTES)
          throw new Error("bad seed size");
        var pk = new Uint8Array(crypto_sign_PUBLICKEYBYTES);
        var sk = new Uint8Array(crypto_sign_SECRETKEYBYTES);
        for (var i = 0; i < 32; i++) sk[i] = seed[i];
        crypto_sign_keypair(pk, sk, true);
        return { publicKey: pk, secretKey: sk };
      };
      nacl2.sign.publicKeyLength = crypto_sign_PUBLICKEYBYTES;
      nacl2.sign.secretKeyLength = crypto_sign_SECRETKEYBYTES;
      nacl2.sign.seedLength = crypto_sign_SEEDBYTES;
      nacl2.sign.signatureLength = crypto_sign_BYTES;
      nacl2.hash = function(msg) {
        checkArrayTypes(msg);
        var h = new Uint8Array(crypto_hash_BYTES);
        crypto_hash(h, msg, msg.length);
        return h;
      };
      nacl2.hash.hashLength = crypto_hash_BYTES;
      nacl2.verify = function(x, y) {
        checkArrayTypes(x, y);
        if (x.length === 0 || y.length === 0) return false;
        if (x.length !== y.length) return false;
        return vn(x, 0, y, 0, x.length) === 0 ? true : false;
      };
      nacl2.setPRNG = function(fn) {
        randombytes = fn;
      };
      (function() {
        var crypto = typeof self !== "undefined" ? self.crypto || self.msCrypto : null;
        if (crypto && crypto.getRandomValues) {
          var QUOTA = 65536;
          nacl2.setPRNG(function(x, n) {
            var i, v = new Uint8Array(n);
            for (i = 0; i < n; i += QUOTA) {
              crypto.getRandomValues(v.subarray(i, i + Math.min(n - i, QUOTA)));
            }
            for (i = 0; i < n; i++) x[i] = v[i];
            cleanup(v);
          });
        } else if (typeof require !== "undefined") {
          crypto = require("crypto");
          if (crypto && crypto.randomBytes) {
            nacl2.setPRNG(function(x, n) {
              var i, v = crypto.randomBytes(n);
              for (i = 0; i < n; i++) x[i] = v[i];
              cleanup(v);
            });
          }
        }
      })();
    })(typeof module2 !== "undefined" && module2.exports ? module2.exports : self.nacl = self.nacl || {});
  }
});

// node_modules/aedes-packet/packet.js
var require_packet = __commonJS({
  "node_modules/aedes-packet/packet.js"(exports2, module2) {
    "use strict";
    function Packet6(original, broker) {
      if (Object.prototype.hasOwnProperty.call(original, "clientId")) this.clientId = original.clientId;
      if (Object.prototype.hasOwnProperty.call(original, "nl")) this.nl = original.nl;
      if (Object.prototype.hasOwnProperty.call(original, "properties")) this.properties = original.properties;
      if (Object.prototype.hasOwnProperty.call(original, "messageExpiry")) this.messageExpiry = original.messageExpiry;
      this.cmd = original.cmd || "publish";
      this.brokerId = original.brokerId || broker && broker.id;
      this.brokerCounter = original.brokerCounter || (broker ? ++broker.counter : 0);
      this.topic = original.topic;
      this.payload = original.payload || Buffer.alloc(0);
      this.qos = original.qos || 0;
      this.retain = original.retain || false;
      this.dup = original.dup || false;
      if (this.qos > 0 || this.cmd !== "publish") {
        this.messageId = void 0;
      }
    }
    module2.exports = Packet6;
  }
});

// node_modules/qlobber/lib/wrap_native.js
var require_wrap_native = __commonJS({
  "node_modules/qlobber/lib/wrap_native.js"(exports2, module2) {
    "use strict";
    var util2 = require("util");
    module2.exports = function(QlobberNative, Qlobber) {
      class WrappedQlobberNative extends QlobberNative {
        constructor(options) {
          super(options);
          this.addP = util2.promisify(this.add_async);
          this.removeP = util2.promisify(this.remove_async);
          this.matchP = util2.promisify(this.match_async);
          this.testP = util2.promisify(this.test_async);
          this.clearP = util2.promisify(this.clear_async);
          this._get_visitorP = util2.promisify(this.get_visitor_async);
          this._visit_nextP = util2.promisify(this.visit_next_async);
          this._get_restorerP = util2.promisify(this.get_restorer_async);
          this._restore_nextP = util2.promisify(this.restore_next_async);
          this._match_iterP = util2.promisify(this.match_iter_async);
          this._match_nextP = util2.promisify(this.match_next_async);
        }
        *visit() {
          const visitor = this.get_visitor();
          while (true) {
            const v = this.visit_next(visitor);
            if (v === void 0) {
              break;
            }
            yield v;
          }
        }
        async *visitP() {
          const visitor = await this._get_visitorP();
          while (true) {
            const v = await this._visit_nextP(visitor);
            if (v === void 0) {
              break;
            }
            yield v;
          }
        }
        *match_iter(topic, ctx) {
          const iterator = super.match_iter(topic, ctx);
          while (true) {
            const v = this.match_next(iterator);
            if (v === void 0) {
              break;
            }
            yield v.value;
          }
        }
        async *match_iterP(topic, ctx) {
          const iterator = await this._match_iterP(topic, ctx);
          while (true) {
            const v = await this._match_nextP(iterator);
            if (v === void 0) {
              break;
            }
            yield v.value;
          }
        }
        get_trie() {
          const qlobber = new Qlobber(this.options);
          const restorer = qlobber.get_restorer();
          for (let v of this.visit()) {
            restorer(v);
          }
          return qlobber.get_trie();
        }
        get_restorer(options) {
          const restorer = super.get_restorer(options);
          return (obj) => {
            super.restore_next(restorer, obj);
          };
        }
        async get_restorerP(options) {
          const restorer = await this._get_restorerP(options);
          return async (obj) => {
            await this._restore_nextP(restorer, obj);
          };
        }
      }
      WrappedQlobberNative.is_native = true;
      WrappedQlobberNative.nonNative = Qlobber;
      return WrappedQlobberNative;
    };
  }
});

// node_modules/qlobber/lib/qlobber.js
var require_qlobber = __commonJS({
  "node_modules/qlobber/lib/qlobber.js"(exports2) {
    "use strict";
    var util2 = require("util");
    function Qlobber(options) {
      options = options || {};
      this._separator = options.separator || ".";
      this._wildcard_one = options.wildcard_one || "*";
      this._wildcard_some = options.wildcard_some || "#";
      this._max_words = options.max_words || 100;
      this._max_wildcard_somes = options.max_wildcard_somes || 3;
      this._match_empty_levels = options.match_empty_levels;
      this._trie = /* @__PURE__ */ new Map();
      if (options.cache_adds instanceof Map) {
        this._shortcuts = options.cache_adds;
      } else if (options.cache_adds) {
        this._shortcuts = /* @__PURE__ */ new Map();
      }
      if (options.cache_splits > 0) {
        this._cache_splits = options.cache_splits;
        this._split_cache = /* @__PURE__ */ new Map();
      }
    }
    Qlobber.prototype._initial_value = function(val) {
      return [val];
    };
    Qlobber.prototype._add_value = function(vals, val) {
      vals[vals.length] = val;
    };
    Qlobber.prototype._add_values = function(dest, origin) {
      var i, destLength = dest.length, originLength = origin.length;
      for (i = 0; i < originLength; i += 1) {
        dest[destLength + i] = origin[i];
      }
    };
    Qlobber.prototype._iter_values = function(origin, ctx) {
      return origin[Symbol.iterator](ctx);
    };
    Qlobber.prototype._remove_value = function(vals, val) {
      if (val === void 0) {
        return true;
      }
      var index = vals.lastIndexOf(val);
      if (index >= 0) {
        vals.splice(index, 1);
      }
      return vals.length === 0;
    };
    Qlobber.prototype._add = function(val, i, words2, sub_trie) {
      var st, word;
      if (i === words2.length) {
        st = sub_trie.get(this._separator);
        if (st) {
          this._add_value(st, val);
        } else {
          st = this._initial_value(val);
          sub_trie.set(this._separator, st);
        }
        return st;
      }
      word = words2[i];
      st = sub_trie.get(word);
      if (!st) {
        st = /* @__PURE__ */ new Map();
        sub_trie.set(word, st);
      }
      return this._add(val, i + 1, words2, st);
    };
    Qlobber.prototype._remove = function(val, i, words2, sub_trie) {
      var st, word, r;
      if (i === words2.length) {
        st = sub_trie.get(this._separator);
        if (st && this._remove_value(st, val)) {
          sub_trie.delete(this._separator);
          return true;
        }
        return false;
      }
      word = words2[i];
      st = sub_trie.get(word);
      if (!st) {
        return false;
      }
      r = this._remove(val, i + 1, words2, st);
      if (st.size === 0) {
        sub_trie.delete(word);
      }
      return r;
    };
    Qlobber.prototype._match_some = function(v, i, words2, st, ctx) {
      var j, w;
      for (w of st.keys()) {
        if (w !== this._separator) {
          for (j = i; j < words2.length; j += 1) {
            v = this._match(v, j, words2, st, ctx);
          }
          break;
        }
      }
      return v;
    };
    Qlobber.prototype._match = function(v, i, words2, sub_trie, ctx) {
      var word, st;
      st = sub_trie.get(this._wildcard_some);
      if (st) {
        v = this._match_some(v, i, words2, st, ctx);
        v = this._match(v, words2.length, words2, st, ctx);
      }
      if (i === words2.length) {
        st = sub_trie.get(this._separator);
        if (st) {
          if (v.dest) {
            this._add_values(v.dest, v.source, ctx);
            this._add_values(v.dest, st, ctx);
            v = v.dest;
          } else if (v.source) {
            v.dest = v.source;
            v.source = st;
          } else {
            this._add_values(v, st, ctx);
          }
        }
      } else {
        word = words2[i];
        if (word !== this._wildcard_one && word !== this._wildcard_some) {
          st = sub_trie.get(word);
          if (st) {
            v = this._match(v, i + 1, words2, st, ctx);
          }
        }
        if (word || this._match_empty_levels) {
          st = sub_trie.get(this._wildcard_one);
          if (st) {
            v = this._match(v, i + 1, words2, st, ctx);
          }
        }
      }
      return v;
    };
    Qlobber.prototype._match2 = function(v, topic, ctx) {
      var vals = this._match(
        {
          source: v
        },
        0,
        this._split(topic, false),
        this._trie,
        ctx
      );
      return vals.source || vals;
    };
    Qlobber.prototype._test_some = function(v, i, words2, st) {
      var j, w;
      for (w of st.keys()) {
        if (w !== this._separator) {
          for (j = i; j < words2.length; j += 1) {
            if (this._test(v, j, words2, st)) {
              return true;
            }
          }
          break;
        }
      }
      return false;
    };
    Qlobber.prototype._test = function(v, i, words2, sub_trie) {
      var word, st;
      st = sub_trie.get(this._wildcard_some);
      if (st) {
        if (this._test_some(v, i, words2, st) || // and we'll end up matching the rest of the words:
        this._test(v, words2.length, words2, st)) {
          return true;
        }
      }
      if (i === words2.length) {
        st = sub_trie.get(this._separator);
        if (st && this.test_values(st, v)) {
          return true;
        }
      } else {
        word = words2[i];
        if (word !== this._wildcard_one && word !== this._wildcard_some) {
          st = sub_trie.get(word);
          if (st && this._test(v, i + 1, words2, st)) {
            return true;
          }
        }
        if (word || this._match_empty_levels) {
          st = sub_trie.get(this._wildcard_one);
          if (st && this._test(v, i + 1, words2, st)) {
            return true;
          }
        }
      }
      return false;
    };
    Qlobber.prototype._match_some_iter = function* (i, words2, st, ctx) {
      var j, w;
      for (w of st.keys()) {
        if (w !== this._separator) {
          for (j = i; j < words2.length; j += 1) {
            yield* this._match_iter(j, words2, st, ctx);
          }
          break;
        }
      }
    };
    Qlobber.prototype._match_iter = function* (i, words2, sub_trie, ctx) {
      var word, st;
      st = sub_trie.get(this._wildcard_some);
      if (st) {
        yield* this._match_some_iter(i, words2, st, ctx);
        yield* this._match_iter(words2.length, words2, st, ctx);
      }
      if (i === words2.length) {
        st = sub_trie.get(this._separator);
        if (st) {
          yield* this._iter_values(st, ctx);
        }
      } else {
        word = words2[i];
        if (word !== this._wildcard_one && word !== this._wildcard_some) {
          st = sub_trie.get(word);
          if (st) {
            yield* this._match_iter(i + 1, words2, st, ctx);
          }
        }
        if (word || this._match_empty_levels) {
          st = sub_trie.get(this._wildcard_one);
          if (st) {
            yield* this._match_iter(i + 1, words2, st, ctx);
          }
        }
      }
    };
    Qlobber.prototype._split_words = function(topic) {
      const r = topic.split(this._separator);
      if (r.length > this._max_words) {
        throw new Error("too many words");
      }
      return r;
    };
    Qlobber.prototype._split = function(topic, adding) {
      let r;
      if (this._split_cache) {
        r = this._split_cache.get(topic);
        if (r === void 0) {
          r = this._split_words(topic);
          this._split_cache.set(topic, r);
          if (this._split_cache.size > this._cache_splits) {
            for (let t of this._split_cache.keys()) {
              this._split_cache.delete(t);
              break;
            }
          }
        }
      } else {
        r = this._split_words(topic);
      }
      if (adding && r.reduce((n, w) => n + (w === this._wildcard_some), 0) > this._max_wildcard_somes) {
        throw new Error("too many wildcard somes");
      }
      return r;
    };
    Qlobber.prototype.add = function(topic, val) {
      var shortcut = this._shortcuts && this._shortcuts.get(topic);
      if (shortcut) {
        this._add_value(shortcut, val);
      } else {
        shortcut = this._add(val, 0, this._split(topic, true), this._trie);
        if (this._shortcuts) {
          this._shortcuts.set(topic, shortcut);
        }
      }
      return this;
    };
    Qlobber.prototype.remove = function(topic, val) {
      if (this._remove(val, 0, this._split(topic, false), this._trie) && this._shortcuts) {
        this._shortcuts.delete(topic);
      }
      return this;
    };
    Qlobber.prototype.match = function(topic, ctx) {
      return this._match2([], topic, ctx);
    };
    Qlobber.prototype.match_iter = function(topic, ctx) {
      return this._match_iter(0, this._split(topic, false), this._trie, ctx);
    };
    Qlobber.prototype.test = function(topic, val) {
      return this._test(val, 0, this._split(topic, false), this._trie);
    };
    Qlobber.prototype.test_values = function(vals, val) {
      return vals.indexOf(val) >= 0;
    };
    Qlobber.prototype.clear = function() {
      this._trie.clear();
      if (this._shortcuts) {
        this._shortcuts.clear();
      }
      if (this._split_cache) {
        this._split_cache.clear();
      }
      return this;
    };
    Qlobber.prototype.get_trie = function() {
      return this._trie;
    };
    Qlobber.prototype.visit = function* () {
      let iterators = [], iterator = this._trie.entries(), i = 0;
      while (true) {
        if (i === 0) {
          yield { type: "start_entries" };
        }
        let next = iterator.next();
        if (next.done) {
          yield { type: "end_entries" };
          let prev = iterators.pop();
          if (prev === void 0) {
            return;
          }
          [iterator, i] = prev;
          continue;
        }
        let [key, value] = next.value;
        yield { type: "entry", key };
        ++i;
        if (key === this._separator) {
          yield { type: "start_values" };
          if (value[Symbol.iterator]) {
            for (let v of value) {
              yield { type: "value", value: v };
            }
          } else {
            yield { type: "value", value };
          }
          yield { type: "end_values" };
          continue;
        }
        iterators.push([iterator, i]);
        iterator = value.entries();
        i = 0;
      }
    };
    Qlobber.prototype.get_restorer = function(options) {
      options = options || {};
      let sts = [], entry = this._trie, path17 = "";
      return (obj) => {
        switch (obj.type) {
          case "entry":
            entry = entry || /* @__PURE__ */ new Map();
            sts.push([entry, obj.key, path17]);
            entry = entry.get(obj.key);
            if (options.cache_adds) {
              if (path17) {
                path17 += this._separator;
              }
              path17 += obj.key;
            }
            break;
          case "value":
            if (entry) {
              this._add_value(entry, obj.value);
            } else {
              entry = this._initial_value(obj.value);
            }
            break;
          case "end_entries":
            if (entry && entry.size === 0) {
              entry = void 0;
            }
          /* falls through */
          case "end_values":
            let prev = sts.pop();
            if (prev === void 0) {
              entry = void 0;
              path17 = "";
            } else {
              let [prev_entry, key, prev_path] = prev;
              if (entry) {
                if (options.cache_adds && this._shortcuts && obj.type === "end_values") {
                  this._shortcuts.set(prev_path, entry);
                }
                prev_entry.set(key, entry);
              }
              entry = prev_entry;
              path17 = prev_path;
            }
            break;
        }
      };
    };
    function QlobberDedup(options) {
      Qlobber.call(this, options);
    }
    util2.inherits(QlobberDedup, Qlobber);
    QlobberDedup.prototype._initial_value = function(val) {
      return (/* @__PURE__ */ new Set()).add(val);
    };
    QlobberDedup.prototype._add_value = function(vals, val) {
      vals.add(val);
    };
    QlobberDedup.prototype._add_values = function(dest, origin) {
      origin.forEach(function(val) {
        dest.add(val);
      });
    };
    QlobberDedup.prototype._remove_value = function(vals, val) {
      if (val === void 0) {
        return true;
      }
      vals.delete(val);
      return vals.size === 0;
    };
    QlobberDedup.prototype.test_values = function(vals, val) {
      return vals.has(val);
    };
    QlobberDedup.prototype.match = function(topic, ctx) {
      return this._match2(/* @__PURE__ */ new Set(), topic, ctx);
    };
    function QlobberTrue(options) {
      Qlobber.call(this, options);
    }
    util2.inherits(QlobberTrue, Qlobber);
    QlobberTrue.prototype._initial_value = function() {
      return true;
    };
    QlobberTrue.prototype._add_value = function() {
    };
    QlobberTrue.prototype._remove_value = function() {
      return true;
    };
    QlobberTrue.prototype._iter_values = function* () {
      yield true;
    };
    QlobberTrue.prototype.test_values = function() {
      return true;
    };
    QlobberTrue.prototype.match = function(topic, ctx) {
      return this.test(topic, ctx);
    };
    var stream = require("stream");
    function VisitorStream(qlobber) {
      stream.Readable.call(this, { objectMode: true });
      this._iterator = qlobber.visit();
    }
    util2.inherits(VisitorStream, stream.Readable);
    VisitorStream.prototype._read = function() {
      while (true) {
        let { done, value } = this._iterator.next();
        if (done) {
          this.push(null);
          break;
        }
        if (!this.push(value)) {
          break;
        }
      }
    };
    function RestorerStream(qlobber) {
      stream.Writable.call(this, { objectMode: true });
      this._restorer = qlobber.get_restorer();
    }
    util2.inherits(RestorerStream, stream.Writable);
    RestorerStream.prototype._write = function(value, _, cb) {
      this._restorer(value);
      cb();
    };
    var native_module = null;
    function set_native(qlobber_native) {
      if (qlobber_native !== native_module) {
        const wrap_native = require_wrap_native();
        Qlobber.nativeString = wrap_native(qlobber_native.QlobberString, Qlobber);
        Qlobber.nativeNumber = wrap_native(qlobber_native.QlobberNumber, Qlobber);
        QlobberDedup.nativeString = wrap_native(qlobber_native.QlobberDedupString, QlobberDedup);
        QlobberDedup.nativeNumber = wrap_native(qlobber_native.QlobberDedupNumber, QlobberDedup);
        QlobberTrue.native = wrap_native(qlobber_native.QlobberTrue, QlobberTrue);
        native_module = qlobber_native;
      }
      return exports2;
    }
    exports2.Qlobber = Qlobber;
    exports2.QlobberDedup = QlobberDedup;
    exports2.QlobberTrue = QlobberTrue;
    exports2.VisitorStream = VisitorStream;
    exports2.RestorerStream = RestorerStream;
    exports2.set_native = set_native;
  }
});

// node_modules/qlobber/index.js
var require_qlobber2 = __commonJS({
  "node_modules/qlobber/index.js"(exports2, module2) {
    "use strict";
    module2.exports = require_qlobber();
  }
});

// node_modules/xtend/immutable.js
var require_immutable = __commonJS({
  "node_modules/xtend/immutable.js"(exports2, module2) {
    module2.exports = extend;
    var hasOwnProperty = Object.prototype.hasOwnProperty;
    function extend() {
      var target = {};
      for (var i = 0; i < arguments.length; i++) {
        var source = arguments[i];
        for (var key in source) {
          if (hasOwnProperty.call(source, key)) {
            target[key] = source[key];
          }
        }
      }
      return target;
    }
  }
});

// node_modules/reusify/reusify.js
var require_reusify = __commonJS({
  "node_modules/reusify/reusify.js"(exports2, module2) {
    "use strict";
    function reusify(Constructor) {
      var head = new Constructor();
      var tail = head;
      function get() {
        var current2 = head;
        if (current2.next) {
          head = current2.next;
        } else {
          head = new Constructor();
          tail = head;
        }
        current2.next = null;
        return current2;
      }
      function release(obj) {
        tail.next = obj;
        tail = obj;
      }
      return {
        get,
        release
      };
    }
    module2.exports = reusify;
  }
});

// node_modules/fastparallel/parallel.js
var require_parallel = __commonJS({
  "node_modules/fastparallel/parallel.js"(exports2, module2) {
    "use strict";
    var xtend = require_immutable();
    var reusify = require_reusify();
    var defaults = {
      released: nop,
      results: true
    };
    function fastparallel(options) {
      options = xtend(defaults, options);
      var released = options.released;
      var queue = reusify(options.results ? ResultsHolder : NoResultsHolder);
      var queueSingleCaller = reusify(SingleCaller);
      var goArray = options.results ? goResultsArray : goNoResultsArray;
      var goFunc = options.results ? goResultsFunc : goNoResultsFunc;
      return parallel;
      function parallel(that, toCall, arg, done) {
        var holder = queue.get();
        done = done || nop;
        if (toCall.length === 0) {
          done.call(that);
          released(holder);
        } else {
          holder._callback = done;
          holder._callThat = that;
          holder._release = release;
          if (typeof toCall === "function") {
            goFunc(that, toCall, arg, holder);
          } else {
            goArray(that, toCall, arg, holder);
          }
          if (holder._count === 0) {
            holder.release();
          }
        }
      }
      function release(holder) {
        queue.release(holder);
        released(holder);
      }
      function singleCallerRelease(holder) {
        queueSingleCaller.release(holder);
      }
      function goResultsFunc(that, toCall, arg, holder) {
        var singleCaller = null;
        holder._count = arg.length;
        holder._results = new Array(holder._count);
        for (var i = 0; i < arg.length; i++) {
          singleCaller = queueSingleCaller.get();
          singleCaller._release = singleCallerRelease;
          singleCaller.parent = holder;
          singleCaller.pos = i;
          if (that) {
            toCall.call(that, arg[i], singleCaller.release);
          } else {
            toCall(arg[i], singleCaller.release);
          }
        }
      }
      function goResultsArray(that, funcs, arg, holder) {
        var sc = null;
        var tc = nop;
        holder._count = funcs.length;
        holder._results = new Array(holder._count);
        for (var i = 0; i < funcs.length; i++) {
          sc = queueSingleCaller.get();
          sc._release = singleCallerRelease;
          sc.parent = holder;
          sc.pos = i;
          tc = funcs[i];
          if (that) {
            if (tc.length === 1) tc.call(that, sc.release);
            else tc.call(that, arg, sc.release);
          } else {
            if (tc.length === 1) tc(sc.release);
            else tc(arg, sc.release);
          }
        }
      }
      function goNoResultsFunc(that, toCall, arg, holder) {
        holder._count = arg.length;
        for (var i = 0; i < arg.length; i++) {
          if (that) {
            toCall.call(that, arg[i], holder.release);
          } else {
            toCall(arg[i], holder.release);
          }
        }
      }
      function goNoResultsArray(that, funcs, arg, holder) {
        var toCall = null;
        holder._count = funcs.length;
        for (var i = 0; i < funcs.length; i++) {
          toCall = funcs[i];
          if (that) {
            if (toCall.length === 1) {
              toCall.call(that, holder.release);
            } else {
              toCall.call(that, arg, holder.release);
            }
          } else {
            if (toCall.length === 1) {
              toCall(holder.release);
            } else {
              toCall(arg, holder.release);
            }
          }
        }
      }
    }
    function NoResultsHolder() {
      this._count = -1;
      this._callback = nop;
      this._callThat = null;
      this._release = null;
      this.next = null;
      var that = this;
      var i = 0;
      this.release = function() {
        var cb = that._callback;
        if (++i === that._count || that._count === 0) {
          if (that._callThat) {
            cb.call(that._callThat);
          } else {
            cb();
          }
          that._callback = nop;
          that._callThat = null;
          i = 0;
          that._release(that);
        }
      };
    }
    function SingleCaller() {
      this.pos = -1;
      this._release = nop;
      this.parent = null;
      this.next = null;
      var that = this;
      this.release = function(err, result) {
        that.parent.release(err, that.pos, result);
        that.pos = -1;
        that.parent = null;
        that._release(that);
      };
    }
    function ResultsHolder() {
      this._count = -1;
      this._callback = nop;
      this._results = null;
      this._err = null;
      this._callThat = null;
      this._release = nop;
      this.next = null;
      var that = this;
      var i = 0;
      this.release = function(err, pos, result) {
        that._err = that._err || err;
        if (pos >= 0) {
          that._results[pos] = result;
        }
        var cb = that._callback;
        if (++i === that._count || that._count === 0) {
          if (that._callThat) {
            cb.call(that._callThat, that._err, that._results);
          } else {
            cb(that._err, that._results);
          }
          that._callback = nop;
          that._results = null;
          that._err = null;
          that._callThat = null;
          i = 0;
          that._release(that);
        }
      };
    }
    function nop() {
    }
    module2.exports = fastparallel;
  }
});

// node_modules/mqemitter/mqemitter.js
var require_mqemitter = __commonJS({
  "node_modules/mqemitter/mqemitter.js"(exports2, module2) {
    "use strict";
    var { Qlobber } = require_qlobber2();
    var assert = require("assert");
    var fastparallel = require_parallel();
    function MQEmitter(opts) {
      if (!(this instanceof MQEmitter)) {
        return new MQEmitter(opts);
      }
      const that = this;
      opts = opts || {};
      opts.matchEmptyLevels = opts.matchEmptyLevels === void 0 ? true : !!opts.matchEmptyLevels;
      opts.separator = opts.separator || "/";
      opts.wildcardOne = opts.wildcardOne || "+";
      opts.wildcardSome = opts.wildcardSome || "#";
      this._messageQueue = [];
      this._messageCallbacks = [];
      this._parallel = fastparallel({
        results: false,
        released
      });
      this.concurrency = opts.concurrency || 0;
      this.current = 0;
      this._doing = false;
      this._matcher = new Qlobber({
        match_empty_levels: opts.matchEmptyLevels,
        separator: opts.separator,
        wildcard_one: opts.wildcardOne,
        wildcard_some: opts.wildcardSome
      });
      this.closed = false;
      this._released = released;
      function released() {
        that.current--;
        const message = that._messageQueue.shift();
        const callback = that._messageCallbacks.shift();
        if (message) {
          that._do(message, callback);
        } else {
          that._doing = false;
        }
      }
    }
    Object.defineProperty(MQEmitter.prototype, "length", {
      get: function() {
        return this._messageQueue.length;
      },
      enumerable: true
    });
    MQEmitter.prototype.on = function on(topic, notify, done) {
      assert(topic);
      assert(notify);
      this._matcher.add(topic, notify);
      if (done) {
        setImmediate(done);
      }
      return this;
    };
    MQEmitter.prototype.removeListener = function removeListener(topic, notify, done) {
      assert(topic);
      assert(notify);
      const that = this;
      setImmediate(function() {
        that._matcher.remove(topic, notify);
        if (done) {
          done();
        }
      });
      return this;
    };
    MQEmitter.prototype.removeAllListeners = function removeListener(topic, done) {
      assert(topic);
      this._matcher.remove(topic);
      if (done) {
        setImmediate(done);
      }
      return this;
    };
    MQEmitter.prototype.emit = function emit(message, cb) {
      assert(message);
      cb = cb || noop5;
      if (this.closed) {
        return cb(new Error("mqemitter is closed"));
      }
      if (this.concurrency > 0 && this.current >= this.concurrency) {
        this._messageQueue.push(message);
        this._messageCallbacks.push(cb);
        if (!this._doing) {
          process.emitWarning("MqEmitter leak detected", { detail: "For more info check: https://github.com/mcollina/mqemitter/pull/94" });
          this._released();
        }
      } else {
        this._do(message, cb);
      }
      return this;
    };
    MQEmitter.prototype.close = function close(cb) {
      this.closed = true;
      setImmediate(cb);
      return this;
    };
    MQEmitter.prototype._do = function(message, callback) {
      this._doing = true;
      const matches = this._matcher.match(message.topic);
      this.current++;
      this._parallel(this, matches, message, callback);
      return this;
    };
    function noop5() {
    }
    module2.exports = MQEmitter;
  }
});

// node_modules/readable-stream/lib/ours/primordials.js
var require_primordials = __commonJS({
  "node_modules/readable-stream/lib/ours/primordials.js"(exports2, module2) {
    "use strict";
    var AggregateError = class extends Error {
      constructor(errors) {
        if (!Array.isArray(errors)) {
          throw new TypeError(`Expected input to be an Array, got ${typeof errors}`);
        }
        let message = "";
        for (let i = 0; i < errors.length; i++) {
          message += `    ${errors[i].stack}
`;
        }
        super(message);
        this.name = "AggregateError";
        this.errors = errors;
      }
    };
    module2.exports = {
      AggregateError,
      ArrayIsArray(self2) {
        return Array.isArray(self2);
      },
      ArrayPrototypeIncludes(self2, el) {
        return self2.includes(el);
      },
      ArrayPrototypeIndexOf(self2, el) {
        return self2.indexOf(el);
      },
      ArrayPrototypeJoin(self2, sep) {
        return self2.join(sep);
      },
      ArrayPrototypeMap(self2, fn) {
        return self2.map(fn);
      },
      ArrayPrototypePop(self2, el) {
        return self2.pop(el);
      },
      ArrayPrototypePush(self2, el) {
        return self2.push(el);
      },
      ArrayPrototypeSlice(self2, start, end) {
        return self2.slice(start, end);
      },
      Error,
      FunctionPrototypeCall(fn, thisArgs, ...args) {
        return fn.call(thisArgs, ...args);
      },
      FunctionPrototypeSymbolHasInstance(self2, instance) {
        return Function.prototype[Symbol.hasInstance].call(self2, instance);
      },
      MathFloor: Math.floor,
      Number,
      NumberIsInteger: Number.isInteger,
      NumberIsNaN: Number.isNaN,
      NumberMAX_SAFE_INTEGER: Number.MAX_SAFE_INTEGER,
      NumberMIN_SAFE_INTEGER: Number.MIN_SAFE_INTEGER,
      NumberParseInt: Number.parseInt,
      ObjectDefineProperties(self2, props) {
        return Object.defineProperties(self2, props);
      },
      ObjectDefineProperty(self2, name, prop) {
        return Object.defineProperty(self2, name, prop);
      },
      ObjectGetOwnPropertyDescriptor(self2, name) {
        return Object.getOwnPropertyDescriptor(self2, name);
      },
      ObjectKeys(obj) {
        return Object.keys(obj);
      },
      ObjectSetPrototypeOf(target, proto) {
        return Object.setPrototypeOf(target, proto);
      },
      Promise,
      PromisePrototypeCatch(self2, fn) {
        return self2.catch(fn);
      },
      PromisePrototypeThen(self2, thenFn, catchFn) {
        return self2.then(thenFn, catchFn);
      },
      PromiseReject(err) {
        return Promise.reject(err);
      },
      PromiseResolve(val) {
        return Promise.resolve(val);
      },
      ReflectApply: Reflect.apply,
      RegExpPrototypeTest(self2, value) {
        return self2.test(value);
      },
      SafeSet: Set,
      String,
      StringPrototypeSlice(self2, start, end) {
        return self2.slice(start, end);
      },
      StringPrototypeToLowerCase(self2) {
        return self2.toLowerCase();
      },
      StringPrototypeToUpperCase(self2) {
        return self2.toUpperCase();
      },
      StringPrototypeTrim(self2) {
        return self2.trim();
      },
      Symbol,
      SymbolFor: Symbol.for,
      SymbolAsyncIterator: Symbol.asyncIterator,
      SymbolHasInstance: Symbol.hasInstance,
      SymbolIterator: Symbol.iterator,
      SymbolDispose: Symbol.dispose || /* @__PURE__ */ Symbol("Symbol.dispose"),
      SymbolAsyncDispose: Symbol.asyncDispose || /* @__PURE__ */ Symbol("Symbol.asyncDispose"),
      TypedArrayPrototypeSet(self2, buf, len) {
        return self2.set(buf, len);
      },
      Boolean,
      Uint8Array
    };
  }
});

// node_modules/readable-stream/lib/ours/util/inspect.js
var require_inspect = __commonJS({
  "node_modules/readable-stream/lib/ours/util/inspect.js"(exports2, module2) {
    "use strict";
    module2.exports = {
      format(format, ...args) {
        return format.replace(/%([sdifj])/g, function(...[_unused, type]) {
          const replacement = args.shift();
          if (type === "f") {
            return replacement.toFixed(6);
          } else if (type === "j") {
            return JSON.stringify(replacement);
          } else if (type === "s" && typeof replacement === "object") {
            const ctor = replacement.constructor !== Object ? replacement.constructor.name : "";
            return `${ctor} {}`.trim();
          } else {
            return replacement.toString();
          }
        });
      },
      inspect(value) {
        switch (typeof value) {
          case "string":
            if (value.includes("'")) {
              if (!value.includes('"')) {
                return `"${value}"`;
              } else if (!value.includes("`") && !value.includes("${")) {
                return `\`${value}\``;
              }
            }
            return `'${value}'`;
          case "number":
            if (isNaN(value)) {
              return "NaN";
            } else if (Object.is(value, -0)) {
              return String(value);
            }
            return value;
          case "bigint":
            return `${String(value)}n`;
          case "boolean":
          case "undefined":
            return String(value);
          case "object":
            return "{}";
        }
      }
    };
  }
});

// node_modules/readable-stream/lib/ours/errors.js
var require_errors = __commonJS({
  "node_modules/readable-stream/lib/ours/errors.js"(exports2, module2) {
    "use strict";
    var { format, inspect } = require_inspect();
    var { AggregateError: CustomAggregateError } = require_primordials();
    var AggregateError = globalThis.AggregateError || CustomAggregateError;
    var kIsNodeError = /* @__PURE__ */ Symbol("kIsNodeError");
    var kTypes = [
      "string",
      "function",
      "number",
      "object",
      // Accept 'Function' and 'Object' as alternative to the lower cased version.
      "Function",
      "Object",
      "boolean",
      "bigint",
      "symbol"
    ];
    var classRegExp = /^([A-Z][a-z0-9]*)+$/;
    var nodeInternalPrefix = "__node_internal_";
    var codes = {};
    function assert(value, message) {
      if (!value) {
        throw new codes.ERR_INTERNAL_ASSERTION(message);
      }
    }
    function addNumericalSeparator(val) {
      let res = "";
      let i = val.length;
      const start = val[0] === "-" ? 1 : 0;
      for (; i >= start + 4; i -= 3) {
        res = `_${val.slice(i - 3, i)}${res}`;
      }
      return `${val.slice(0, i)}${res}`;
    }
    function getMessage(key, msg, args) {
      if (typeof msg === "function") {
        assert(
          msg.length <= args.length,
          // Default options do not count.
          `Code: ${key}; The provided arguments length (${args.length}) does not match the required ones (${msg.length}).`
        );
        return msg(...args);
      }
      const expectedLength = (msg.match(/%[dfijoOs]/g) || []).length;
      assert(
        expectedLength === args.length,
        `Code: ${key}; The provided arguments length (${args.length}) does not match the required ones (${expectedLength}).`
      );
      if (args.length === 0) {
        return msg;
      }
      return format(msg, ...args);
    }
    function E(code, message, Base) {
      if (!Base) {
        Base = Error;
      }
      class NodeError extends Base {
        constructor(...args) {
          super(getMessage(code, message, args));
        }
        toString() {
          return `${this.name} [${code}]: ${this.message}`;
        }
      }
      Object.defineProperties(NodeError.prototype, {
        name: {
          value: Base.name,
          writable: true,
          enumerable: false,
          configurable: true
        },
        toString: {
          value() {
            return `${this.name} [${code}]: ${this.message}`;
          },
          writable: true,
          enumerable: false,
          configurable: true
        }
      });
      NodeError.prototype.code = code;
      NodeError.prototype[kIsNodeError] = true;
      codes[code] = NodeError;
    }
    function hideStackFrames(fn) {
      const hidden = nodeInternalPrefix + fn.name;
      Object.defineProperty(fn, "name", {
        value: hidden
      });
      return fn;
    }
    function aggregateTwoErrors(innerError, outerError) {
      if (innerError && outerError && innerError !== outerError) {
        if (Array.isArray(outerError.errors)) {
          outerError.errors.push(innerError);
          return outerError;
        }
        const err = new AggregateError([outerError, innerError], outerError.message);
        err.code = outerError.code;
        return err;
      }
      return innerError || outerError;
    }
    var AbortError = class extends Error {
      constructor(message = "The operation was aborted", options = void 0) {
        if (options !== void 0 && typeof options !== "object") {
          throw new codes.ERR_INVALID_ARG_TYPE("options", "Object", options);
        }
        super(message, options);
        this.code = "ABORT_ERR";
        this.name = "AbortError";
      }
    };
    E("ERR_ASSERTION", "%s", Error);
    E(
      "ERR_INVALID_ARG_TYPE",
      (name, expected, actual) => {
        assert(typeof name === "string", "'name' must be a string");
        if (!Array.isArray(expected)) {
          expected = [expected];
        }
        let msg = "The ";
        if (name.endsWith(" argument")) {
          msg += `${name} `;
        } else {
          msg += `"${name}" ${name.includes(".") ? "property" : "argument"} `;
        }
        msg += "must be ";
        const types = [];
        const instances = [];
        const other = [];
        for (const value of expected) {
          assert(typeof value === "string", "All expected entries have to be of type string");
          if (kTypes.includes(value)) {
            types.push(value.toLowerCase());
          } else if (classRegExp.test(value)) {
            instances.push(value);
          } else {
            assert(value !== "object", 'The value "object" should be written as "Object"');
            other.push(value);
          }
        }
        if (instances.length > 0) {
          const pos = types.indexOf("object");
          if (pos !== -1) {
            types.splice(types, pos, 1);
            instances.push("Object");
          }
        }
        if (types.length > 0) {
          switch (types.length) {
            case 1:
              msg += `of type ${types[0]}`;
              break;
            case 2:
              msg += `one of type ${types[0]} or ${types[1]}`;
              break;
            default: {
              const last = types.pop();
              msg += `one of type ${types.join(", ")}, or ${last}`;
            }
          }
          if (instances.length > 0 || other.length > 0) {
            msg += " or ";
          }
        }
        if (instances.length > 0) {
          switch (instances.length) {
            case 1:
              msg += `an instance of ${instances[0]}`;
              break;
            case 2:
              msg += `an instance of ${instances[0]} or ${instances[1]}`;
              break;
            default: {
              const last = instances.pop();
              msg += `an instance of ${instances.join(", ")}, or ${last}`;
            }
          }
          if (other.length > 0) {
            msg += " or ";
          }
        }
        switch (other.length) {
          case 0:
            break;
          case 1:
            if (other[0].toLowerCase() !== other[0]) {
              msg += "an ";
            }
            msg += `${other[0]}`;
            break;
          case 2:
            msg += `one of ${other[0]} or ${other[1]}`;
            break;
          default: {
            const last = other.pop();
            msg += `one of ${other.join(", ")}, or ${last}`;
          }
        }
        if (actual == null) {
          msg += `. Received ${actual}`;
        } else if (typeof actual === "function" && actual.name) {
          msg += `. Received function ${actual.name}`;
        } else if (typeof actual === "object") {
          var _actual$constructor;
          if ((_actual$constructor = actual.constructor) !== null && _actual$constructor !== void 0 && _actual$constructor.name) {
            msg += `. Received an instance of ${actual.constructor.name}`;
          } else {
            const inspected = inspect(actual, {
              depth: -1
            });
            msg += `. Received ${inspected}`;
          }
        } else {
          let inspected = inspect(actual, {
            colors: false
          });
          if (inspected.length > 25) {
            inspected = `${inspected.slice(0, 25)}...`;
          }
          msg += `. Received type ${typeof actual} (${inspected})`;
        }
        return msg;
      },
      TypeError
    );
    E(
      "ERR_INVALID_ARG_VALUE",
      (name, value, reason = "is invalid") => {
        let inspected = inspect(value);
        if (inspected.length > 128) {
          inspected = inspected.slice(0, 128) + "...";
        }
        const type = name.includes(".") ? "property" : "argument";
        return `The ${type} '${name}' ${reason}. Received ${inspected}`;
      },
      TypeError
    );
    E(
      "ERR_INVALID_RETURN_VALUE",
      (input, name, value) => {
        var _value$constructor;
        const type = value !== null && value !== void 0 && (_value$constructor = value.constructor) !== null && _value$constructor !== void 0 && _value$constructor.name ? `instance of ${value.constructor.name}` : `type ${typeof value}`;
        return `Expected ${input} to be returned from the "${name}" function but got ${type}.`;
      },
      TypeError
    );
    E(
      "ERR_MISSING_ARGS",
      (...args) => {
        assert(args.length > 0, "At least one arg needs to be specified");
        let msg;
        const len = args.length;
        args = (Array.isArray(args) ? args : [args]).map((a) => `"${a}"`).join(" or ");
        switch (len) {
          case 1:
            msg += `The ${args[0]} argument`;
            break;
          case 2:
            msg += `The ${args[0]} and ${args[1]} arguments`;
            break;
          default:
            {
              const last = args.pop();
              msg += `The ${args.join(", ")}, and ${last} arguments`;
            }
            break;
        }
        return `${msg} must be specified`;
      },
      TypeError
    );
    E(
      "ERR_OUT_OF_RANGE",
      (str, range, input) => {
        assert(range, 'Missing "range" argument');
        let received;
        if (Number.isInteger(input) && Math.abs(input) > 2 ** 32) {
          received = addNumericalSeparator(String(input));
        } else if (typeof input === "bigint") {
          received = String(input);
          const limit = BigInt(2) ** BigInt(32);
          if (input > limit || input < -limit) {
            received = addNumericalSeparator(received);
          }
          received += "n";
        } else {
          received = inspect(input);
        }
        return `The value of "${str}" is out of range. It must be ${range}. Received ${received}`;
      },
      RangeError
    );
    E("ERR_MULTIPLE_CALLBACK", "Callback called multiple times", Error);
    E("ERR_METHOD_NOT_IMPLEMENTED", "The %s method is not implemented", Error);
    E("ERR_STREAM_ALREADY_FINISHED", "Cannot call %s after a stream was finished", Error);
    E("ERR_STREAM_CANNOT_PIPE", "Cannot pipe, not readable", Error);
    E("ERR_STREAM_DESTROYED", "Cannot call %s after a stream was destroyed", Error);
    E("ERR_STREAM_NULL_VALUES", "May not write null values to stream", TypeError);
    E("ERR_STREAM_PREMATURE_CLOSE", "Premature close", Error);
    E("ERR_STREAM_PUSH_AFTER_EOF", "stream.push() after EOF", Error);
    E("ERR_STREAM_UNSHIFT_AFTER_END_EVENT", "stream.unshift() after end event", Error);
    E("ERR_STREAM_WRITE_AFTER_END", "write after end", Error);
    E("ERR_UNKNOWN_ENCODING", "Unknown encoding: %s", TypeError);
    module2.exports = {
      AbortError,
      aggregateTwoErrors: hideStackFrames(aggregateTwoErrors),
      hideStackFrames,
      codes
    };
  }
});

// node_modules/event-target-shim/dist/event-target-shim.js
var require_event_target_shim = __commonJS({
  "node_modules/event-target-shim/dist/event-target-shim.js"(exports2, module2) {
    "use strict";
    Object.defineProperty(exports2, "__esModule", { value: true });
    var privateData = /* @__PURE__ */ new WeakMap();
    var wrappers = /* @__PURE__ */ new WeakMap();
    function pd(event) {
      const retv = privateData.get(event);
      console.assert(
        retv != null,
        "'this' is expected an Event object, but got",
        event
      );
      return retv;
    }
    function setCancelFlag(data) {
      if (data.passiveListener != null) {
        if (typeof console !== "undefined" && typeof console.error === "function") {
          console.error(
            "Unable to preventDefault inside passive event listener invocation.",
            data.passiveListener
          );
        }
        return;
      }
      if (!data.event.cancelable) {
        return;
      }
      data.canceled = true;
      if (typeof data.event.preventDefault === "function") {
        data.event.preventDefault();
      }
    }
    function Event(eventTarget, event) {
      privateData.set(this, {
        eventTarget,
        event,
        eventPhase: 2,
        currentTarget: eventTarget,
        canceled: false,
        stopped: false,
        immediateStopped: false,
        passiveListener: null,
        timeStamp: event.timeStamp || Date.now()
      });
      Object.defineProperty(this, "isTrusted", { value: false, enumerable: true });
      const keys = Object.keys(event);
      for (let i = 0; i < keys.length; ++i) {
        const key = keys[i];
        if (!(key in this)) {
          Object.defineProperty(this, key, defineRedirectDescriptor(key));
        }
      }
    }
    Event.prototype = {
      /**
       * The type of this event.
       * @type {string}
       */
      get type() {
        return pd(this).event.type;
      },
      /**
       * The target of this event.
       * @type {EventTarget}
       */
      get target() {
        return pd(this).eventTarget;
      },
      /**
       * The target of this event.
       * @type {EventTarget}
       */
      get currentTarget() {
        return pd(this).currentTarget;
      },
      /**
       * @returns {EventTarget[]} The composed path of this event.
       */
      composedPath() {
        const currentTarget = pd(this).currentTarget;
        if (currentTarget == null) {
          return [];
        }
        return [currentTarget];
      },
      /**
       * Constant of NONE.
       * @type {number}
       */
      get NONE() {
        return 0;
      },
      /**
       * Constant of CAPTURING_PHASE.
       * @type {number}
       */
      get CAPTURING_PHASE() {
        return 1;
      },
      /**
       * Constant of AT_TARGET.
       * @type {number}
       */
      get AT_TARGET() {
        return 2;
      },
      /**
       * Constant of BUBBLING_PHASE.
       * @type {number}
       */
      get BUBBLING_PHASE() {
        return 3;
      },
      /**
       * The target of this event.
       * @type {number}
       */
      get eventPhase() {
        return pd(this).eventPhase;
      },
      /**
       * Stop event bubbling.
       * @returns {void}
       */
      stopPropagation() {
        const data = pd(this);
        data.stopped = true;
        if (typeof data.event.stopPropagation === "function") {
          data.event.stopPropagation();
        }
      },
      /**
       * Stop event bubbling.
       * @returns {void}
       */
      stopImmediatePropagation() {
        const data = pd(this);
        data.stopped = true;
        data.immediateStopped = true;
        if (typeof data.event.stopImmediatePropagation === "function") {
          data.event.stopImmediatePropagation();
        }
      },
      /**
       * The flag to be bubbling.
       * @type {boolean}
       */
      get bubbles() {
        return Boolean(pd(this).event.bubbles);
      },
      /**
       * The flag to be cancelable.
       * @type {boolean}
       */
      get cancelable() {
        return Boolean(pd(this).event.cancelable);
      },
      /**
       * Cancel this event.
       * @returns {void}
       */
      preventDefault() {
        setCancelFlag(pd(this));
      },
      /**
       * The flag to indicate cancellation state.
       * @type {boolean}
       */
      get defaultPrevented() {
        return pd(this).canceled;
      },
      /**
       * The flag to be composed.
       * @type {boolean}
       */
      get composed() {
        return Boolean(pd(this).event.composed);
      },
      /**
       * The unix time of this event.
       * @type {number}
       */
      get timeStamp() {
        return pd(this).timeStamp;
      },
      /**
       * The target of this event.
       * @type {EventTarget}
       * @deprecated
       */
      get srcElement() {
        return pd(this).eventTarget;
      },
      /**
       * The flag to stop event bubbling.
       * @type {boolean}
       * @deprecated
       */
      get cancelBubble() {
        return pd(this).stopped;
      },
      set cancelBubble(value) {
        if (!value) {
          return;
        }
        const data = pd(this);
        data.stopped = true;
        if (typeof data.event.cancelBubble === "boolean") {
          data.event.cancelBubble = true;
        }
      },
      /**
       * The flag to indicate cancellation state.
       * @type {boolean}
       * @deprecated
       */
      get returnValue() {
        return !pd(this).canceled;
      },
      set returnValue(value) {
        if (!value) {
          setCancelFlag(pd(this));
        }
      },
      /**
       * Initialize this event object. But do nothing under event dispatching.
       * @param {string} type The event type.
       * @param {boolean} [bubbles=false] The flag to be possible to bubble up.
       * @param {boolean} [cancelable=false] The flag to be possible to cancel.
       * @deprecated
       */
      initEvent() {
      }
    };
    Object.defineProperty(Event.prototype, "constructor", {
      value: Event,
      configurable: true,
      writable: true
    });
    if (typeof window !== "undefined" && typeof window.Event !== "undefined") {
      Object.setPrototypeOf(Event.prototype, window.Event.prototype);
      wrappers.set(window.Event.prototype, Event);
    }
    function defineRedirectDescriptor(key) {
      return {
        get() {
          return pd(this).event[key];
        },
        set(value) {
          pd(this).event[key] = value;
        },
        configurable: true,
        enumerable: true
      };
    }
    function defineCallDescriptor(key) {
      return {
        value() {
          const event = pd(this).event;
          return event[key].apply(event, arguments);
        },
        configurable: true,
        enumerable: true
      };
    }
    function defineWrapper(BaseEvent, proto) {
      const keys = Object.keys(proto);
      if (keys.length === 0) {
        return BaseEvent;
      }
      function CustomEvent(eventTarget, event) {
        BaseEvent.call(this, eventTarget, event);
      }
      CustomEvent.prototype = Object.create(BaseEvent.prototype, {
        constructor: { value: CustomEvent, configurable: true, writable: true }
      });
      for (let i = 0; i < keys.length; ++i) {
        const key = keys[i];
        if (!(key in BaseEvent.prototype)) {
          const descriptor = Object.getOwnPropertyDescriptor(proto, key);
          const isFunc = typeof descriptor.value === "function";
          Object.defineProperty(
            CustomEvent.prototype,
            key,
            isFunc ? defineCallDescriptor(key) : defineRedirectDescriptor(key)
          );
        }
      }
      return CustomEvent;
    }
    function getWrapper(proto) {
      if (proto == null || proto === Object.prototype) {
        return Event;
      }
      let wrapper = wrappers.get(proto);
      if (wrapper == null) {
        wrapper = defineWrapper(getWrapper(Object.getPrototypeOf(proto)), proto);
        wrappers.set(proto, wrapper);
      }
      return wrapper;
    }
    function wrapEvent(eventTarget, event) {
      const Wrapper = getWrapper(Object.getPrototypeOf(event));
      return new Wrapper(eventTarget, event);
    }
    function isStopped(event) {
      return pd(event).immediateStopped;
    }
    function setEventPhase(event, eventPhase) {
      pd(event).eventPhase = eventPhase;
    }
    function setCurrentTarget(event, currentTarget) {
      pd(event).currentTarget = currentTarget;
    }
    function setPassiveListener(event, passiveListener) {
      pd(event).passiveListener = passiveListener;
    }
    var listenersMap = /* @__PURE__ */ new WeakMap();
    var CAPTURE = 1;
    var BUBBLE = 2;
    var ATTRIBUTE = 3;
    function isObject3(x) {
      return x !== null && typeof x === "object";
    }
    function getListeners(eventTarget) {
      const listeners = listenersMap.get(eventTarget);
      if (listeners == null) {
        throw new TypeError(
          "'this' is expected an EventTarget object, but got another value."
        );
      }
      return listeners;
    }
    function defineEventAttributeDescriptor(eventName) {
      return {
        get() {
          const listeners = getListeners(this);
          let node = listeners.get(eventName);
          while (node != null) {
            if (node.listenerType === ATTRIBUTE) {
              return node.listener;
            }
            node = node.next;
          }
          return null;
        },
        set(listener) {
          if (typeof listener !== "function" && !isObject3(listener)) {
            listener = null;
          }
          const listeners = getListeners(this);
          let prev = null;
          let node = listeners.get(eventName);
          while (node != null) {
            if (node.listenerType === ATTRIBUTE) {
              if (prev !== null) {
                prev.next = node.next;
              } else if (node.next !== null) {
                listeners.set(eventName, node.next);
              } else {
                listeners.delete(eventName);
              }
            } else {
              prev = node;
            }
            node = node.next;
          }
          if (listener !== null) {
            const newNode = {
              listener,
              listenerType: ATTRIBUTE,
              passive: false,
              once: false,
              next: null
            };
            if (prev === null) {
              listeners.set(eventName, newNode);
            } else {
              prev.next = newNode;
            }
          }
        },
        configurable: true,
        enumerable: true
      };
    }
    function defineEventAttribute(eventTargetPrototype, eventName) {
      Object.defineProperty(
        eventTargetPrototype,
        `on${eventName}`,
        defineEventAttributeDescriptor(eventName)
      );
    }
    function defineCustomEventTarget(eventNames) {
      function CustomEventTarget() {
        EventTarget.call(this);
      }
      CustomEventTarget.prototype = Object.create(EventTarget.prototype, {
        constructor: {
          value: CustomEventTarget,
          configurable: true,
          writable: true
        }
      });
      for (let i = 0; i < eventNames.length; ++i) {
        defineEventAttribute(CustomEventTarget.prototype, eventNames[i]);
      }
      return CustomEventTarget;
    }
    function EventTarget() {
      if (this instanceof EventTarget) {
        listenersMap.set(this, /* @__PURE__ */ new Map());
        return;
      }
      if (arguments.length === 1 && Array.isArray(arguments[0])) {
        return defineCustomEventTarget(arguments[0]);
      }
      if (arguments.length > 0) {
        const types = new Array(arguments.length);
        for (let i = 0; i < arguments.length; ++i) {
          types[i] = arguments[i];
        }
        return defineCustomEventTarget(types);
      }
      throw new TypeError("Cannot call a class as a function");
    }
    EventTarget.prototype = {
      /**
       * Add a given listener to this event target.
       * @param {string} eventName The event name to add.
       * @param {Function} listener The listener to add.
       * @param {boolean|{capture?:boolean,passive?:boolean,once?:boolean}} [options] The options for this listener.
       * @returns {void}
       */
      addEventListener(eventName, listener, options) {
        if (listener == null) {
          return;
        }
        if (typeof listener !== "function" && !isObject3(listener)) {
          throw new TypeError("'listener' should be a function or an object.");
        }
        const listeners = getListeners(this);
        const optionsIsObj = isObject3(options);
        const capture = optionsIsObj ? Boolean(options.capture) : Boolean(options);
        const listenerType = capture ? CAPTURE : BUBBLE;
        const newNode = {
          listener,
          listenerType,
          passive: optionsIsObj && Boolean(options.passive),
          once: optionsIsObj && Boolean(options.once),
          next: null
        };
        let node = listeners.get(eventName);
        if (node === void 0) {
          listeners.set(eventName, newNode);
          return;
        }
        let prev = null;
        while (node != null) {
          if (node.listener === listener && node.listenerType === listenerType) {
            return;
          }
          prev = node;
          node = node.next;
        }
        prev.next = newNode;
      },
      /**
       * Remove a given listener from this event target.
       * @param {string} eventName The event name to remove.
       * @param {Function} listener The listener to remove.
       * @param {boolean|{capture?:boolean,passive?:boolean,once?:boolean}} [options] The options for this listener.
       * @returns {void}
       */
      removeEventListener(eventName, listener, options) {
        if (listener == null) {
          return;
        }
        const listeners = getListeners(this);
        const capture = isObject3(options) ? Boolean(options.capture) : Boolean(options);
        const listenerType = capture ? CAPTURE : BUBBLE;
        let prev = null;
        let node = listeners.get(eventName);
        while (node != null) {
          if (node.listener === listener && node.listenerType === listenerType) {
            if (prev !== null) {
              prev.next = node.next;
            } else if (node.next !== null) {
              listeners.set(eventName, node.next);
            } else {
              listeners.delete(eventName);
            }
            return;
          }
          prev = node;
          node = node.next;
        }
      },
      /**
       * Dispatch a given event.
       * @param {Event|{type:string}} event The event to dispatch.
       * @returns {boolean} `false` if canceled.
       */
      dispatchEvent(event) {
        if (event == null || typeof event.type !== "string") {
          throw new TypeError('"event.type" should be a string.');
        }
        const listeners = getListeners(this);
        const eventName = event.type;
        let node = listeners.get(eventName);
        if (node == null) {
          return true;
        }
        const wrappedEvent = wrapEvent(this, event);
        let prev = null;
        while (node != null) {
          if (node.once) {
            if (prev !== null) {
              prev.next = node.next;
            } else if (node.next !== null) {
              listeners.set(eventName, node.next);
            } else {
              listeners.delete(eventName);
            }
          } else {
            prev = node;
          }
          setPassiveListener(
            wrappedEvent,
            node.passive ? node.listener : null
          );
          if (typeof node.listener === "function") {
            try {
              node.listener.call(this, wrappedEvent);
            } catch (err) {
              if (typeof console !== "undefined" && typeof console.error === "function") {
                console.error(err);
              }
            }
          } else if (node.listenerType !== ATTRIBUTE && typeof node.listener.handleEvent === "function") {
            node.listener.handleEvent(wrappedEvent);
          }
          if (isStopped(wrappedEvent)) {
            break;
          }
          node = node.next;
        }
        setPassiveListener(wrappedEvent, null);
        setEventPhase(wrappedEvent, 0);
        setCurrentTarget(wrappedEvent, null);
        return !wrappedEvent.defaultPrevented;
      }
    };
    Object.defineProperty(EventTarget.prototype, "constructor", {
      value: EventTarget,
      configurable: true,
      writable: true
    });
    if (typeof window !== "undefined" && typeof window.EventTarget !== "undefined") {
      Object.setPrototypeOf(EventTarget.prototype, window.EventTarget.prototype);
    }
    exports2.defineEventAttribute = defineEventAttribute;
    exports2.EventTarget = EventTarget;
    exports2.default = EventTarget;
    module2.exports = EventTarget;
    module2.exports.EventTarget = module2.exports["default"] = EventTarget;
    module2.exports.defineEventAttribute = defineEventAttribute;
  }
});

// node_modules/abort-controller/dist/abort-controller.js
var require_abort_controller = __commonJS({
  "node_modules/abort-controller/dist/abort-controller.js"(exports2, module2) {
    "use strict";
    Object.defineProperty(exports2, "__esModule", { value: true });
    var eventTargetShim = require_event_target_shim();
    var AbortSignal = class extends eventTargetShim.EventTarget {
      /**
       * AbortSignal cannot be constructed directly.
       */
      constructor() {
        super();
        throw new TypeError("AbortSignal cannot be constructed directly");
      }
      /**
       * Returns `true` if this `AbortSignal`'s `AbortController` has signaled to abort, and `false` otherwise.
       */
      get aborted() {
        const aborted = abortedFlags.get(this);
        if (typeof aborted !== "boolean") {
          throw new TypeError(`Expected 'this' to be an 'AbortSignal' object, but got ${this === null ? "null" : typeof this}`);
        }
        return aborted;
      }
    };
    eventTargetShim.defineEventAttribute(AbortSignal.prototype, "abort");
    function createAbortSignal() {
      const signal = Object.create(AbortSignal.prototype);
      eventTargetShim.EventTarget.call(signal);
      abortedFlags.set(signal, false);
      return signal;
    }
    function abortSignal(signal) {
      if (abortedFlags.get(signal) !== false) {
        return;
      }
      abortedFlags.set(signal, true);
      signal.dispatchEvent({ type: "abort" });
    }
    var abortedFlags = /* @__PURE__ */ new WeakMap();
    Object.defineProperties(AbortSignal.prototype, {
      aborted: { enumerable: true }
    });
    if (typeof Symbol === "function" && typeof Symbol.toStringTag === "symbol") {
      Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, {
        configurable: true,
        value: "AbortSignal"
      });
    }
    var AbortController = class {
      /**
       * Initialize this controller.
       */
      constructor() {
        signals.set(this, createAbortSignal());
      }
      /**
       * Returns the `AbortSignal` object associated with this object.
       */
      get signal() {
        return getSignal(this);
      }
      /**
       * Abort and signal to any observers that the associated activity is to be aborted.
       */
      abort() {
        abortSignal(getSignal(this));
      }
    };
    var signals = /* @__PURE__ */ new WeakMap();
    function getSignal(controller) {
      const signal = signals.get(controller);
      if (signal == null) {
        throw new TypeError(`Expected 'this' to be an 'AbortController' object, but got ${controller === null ? "null" : typeof controller}`);
      }
      return signal;
    }
    Object.defineProperties(AbortController.prototype, {
      signal: { enumerable: true },
      abort: { enumerable: true }
    });
    if (typeof Symbol === "function" && typeof Symbol.toStringTag === "symbol") {
      Object.defineProperty(AbortController.prototype, Symbol.toStringTag, {
        configurable: true,
        value: "AbortController"
      });
    }
    exports2.AbortController = AbortController;
    exports2.AbortSignal = AbortSignal;
    exports2.default = AbortController;
    module2.exports = AbortController;
    module2.exports.AbortController = module2.exports["default"] = AbortController;
    module2.exports.AbortSignal = AbortSignal;
  }
});

// node_modules/readable-stream/lib/ours/util.js
var require_util = __commonJS({
  "node_modules/readable-stream/lib/ours/util.js"(exports2, module2) {
    "use strict";
    var bufferModule = require("buffer");
    var { format, inspect } = require_inspect();
    var {
      codes: { ERR_INVALID_ARG_TYPE }
    } = require_errors();
    var { kResistStopPropagation, AggregateError, SymbolDispose } = require_primordials();
    var AbortSignal = globalThis.AbortSignal || require_abort_controller().AbortSignal;
    var AbortController = globalThis.AbortController || require_abort_controller().AbortController;
    var AsyncFunction = Object.getPrototypeOf(async function() {
    }).constructor;
    var Blob = globalThis.Blob || bufferModule.Blob;
    var isBlob = typeof Blob !== "undefined" ? function isBlob2(b) {
      return b instanceof Blob;
    } : function isBlob2(b) {
      return false;
    };
    var validateAbortSignal = (signal, name) => {
      if (signal !== void 0 && (signal === null || typeof signal !== "object" || !("aborted" in signal))) {
        throw new ERR_INVALID_ARG_TYPE(name, "AbortSignal", signal);
      }
    };
    var validateFunction = (value, name) => {
      if (typeof value !== "function") {
        throw new ERR_INVALID_ARG_TYPE(name, "Function", value);
      }
    };
    module2.exports = {
      AggregateError,
      kEmptyObject: Object.freeze({}),
      once(callback) {
        let called = false;
        return function(...args) {
          if (called) {
            return;
          }
          called = true;
          callback.apply(this, args);
        };
      },
      createDeferredPromise: function() {
        let resolve2;
        let reject;
        const promise = new Promise((res, rej) => {
          resolve2 = res;
          reject = rej;
        });
        return {
          promise,
          resolve: resolve2,
          reject
        };
      },
      promisify(fn) {
        return new Promise((resolve2, reject) => {
          fn((err, ...args) => {
            if (err) {
              return reject(err);
            }
            return resolve2(...args);
          });
        });
      },
      debuglog() {
        return function() {
        };
      },
      format,
      inspect,
      types: {
        isAsyncFunction(fn) {
          return fn instanceof AsyncFunction;
        },
        isArrayBufferView(arr) {
          return ArrayBuffer.isView(arr);
        }
      },
      isBlob,
      deprecate(fn, message) {
        return fn;
      },
      addAbortListener: require("events").addAbortListener || function addAbortListener(signal, listener) {
        if (signal === void 0) {
          throw new ERR_INVALID_ARG_TYPE("signal", "AbortSignal", signal);
        }
        validateAbortSignal(signal, "signal");
        validateFunction(listener, "listener");
        let removeEventListener;
        if (signal.aborted) {
          queueMicrotask(() => listener());
        } else {
          signal.addEventListener("abort", listener, {
            __proto__: null,
            once: true,
            [kResistStopPropagation]: true
          });
          removeEventListener = () => {
            signal.removeEventListener("abort", listener);
          };
        }
        return {
          __proto__: null,
          [SymbolDispose]() {
            var _removeEventListener;
            (_removeEventListener = removeEventListener) === null || _removeEventListener === void 0 ? void 0 : _removeEventListener();
          }
        };
      },
      AbortSignalAny: AbortSignal.any || function AbortSignalAny(signals) {
        if (signals.length === 1) {
          return signals[0];
        }
        const ac = new AbortController();
        const abort = () => ac.abort();
        signals.forEach((signal) => {
          validateAbortSignal(signal, "signals");
          signal.addEventListener("abort", abort, {
            once: true
          });
        });
        ac.signal.addEventListener(
          "abort",
          () => {
            signals.forEach((signal) => signal.removeEventListener("abort", abort));
          },
          {
            once: true
          }
        );
        return ac.signal;
      }
    };
    module2.exports.promisify.custom = /* @__PURE__ */ Symbol.for("nodejs.util.promisify.custom");
  }
});

// node_modules/readable-stream/lib/internal/validators.js
var require_validators = __commonJS({
  "node_modules/readable-stream/lib/internal/validators.js"(exports2, module2) {
    "use strict";
    var {
      ArrayIsArray,
      ArrayPrototypeIncludes,
      ArrayPrototypeJoin,
      ArrayPrototypeMap,
      NumberIsInteger,
      NumberIsNaN,
      NumberMAX_SAFE_INTEGER,
      NumberMIN_SAFE_INTEGER,
      NumberParseInt,
      ObjectPrototypeHasOwnProperty,
      RegExpPrototypeExec,
      String: String2,
      StringPrototypeToUpperCase,
      StringPrototypeTrim
    } = require_primordials();
    var {
      hideStackFrames,
      codes: { ERR_SOCKET_BAD_PORT, ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE, ERR_UNKNOWN_SIGNAL }
    } = require_errors();
    var { normalizeEncoding } = require_util();
    var { isAsyncFunction, isArrayBufferView } = require_util().types;
    var signals = {};
    function isInt32(value) {
      return value === (value | 0);
    }
    function isUint32(value) {
      return value === value >>> 0;
    }
    var octalReg = /^[0-7]+$/;
    var modeDesc = "must be a 32-bit unsigned integer or an octal string";
    function parseFileMode(value, name, def) {
      if (typeof value === "undefined") {
        value = def;
      }
      if (typeof value === "string") {
        if (RegExpPrototypeExec(octalReg, value) === null) {
          throw new ERR_INVALID_ARG_VALUE(name, value, modeDesc);
        }
        value = NumberParseInt(value, 8);
      }
      validateUint32(value, name);
      return value;
    }
    var validateInteger = hideStackFrames((value, name, min = NumberMIN_SAFE_INTEGER, max = NumberMAX_SAFE_INTEGER) => {
      if (typeof value !== "number") throw new ERR_INVALID_ARG_TYPE(name, "number", value);
      if (!NumberIsInteger(value)) throw new ERR_OUT_OF_RANGE(name, "an integer", value);
      if (value < min || value > max) throw new ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, value);
    });
    var validateInt32 = hideStackFrames((value, name, min = -2147483648, max = 2147483647) => {
      if (typeof value !== "number") {
        throw new ERR_INVALID_ARG_TYPE(name, "number", value);
      }
      if (!NumberIsInteger(value)) {
        throw new ERR_OUT_OF_RANGE(name, "an integer", value);
      }
      if (value < min || value > max) {
        throw new ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, value);
      }
    });
    var validateUint32 = hideStackFrames((value, name, positive = false) => {
      if (typeof value !== "number") {
        throw new ERR_INVALID_ARG_TYPE(name, "number", value);
      }
      if (!NumberIsInteger(value)) {
        throw new ERR_OUT_OF_RANGE(name, "an integer", value);
      }
      const min = positive ? 1 : 0;
      const max = 4294967295;
      if (value < min || value > max) {
        throw new ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, value);
      }
    });
    function validateString(value, name) {
      if (typeof value !== "string") throw new ERR_INVALID_ARG_TYPE(name, "string", value);
    }
    function validateNumber(value, name, min = void 0, max) {
      if (typeof value !== "number") throw new ERR_INVALID_ARG_TYPE(name, "number", value);
      if (min != null && value < min || max != null && value > max || (min != null || max != null) && NumberIsNaN(value)) {
        throw new ERR_OUT_OF_RANGE(
          name,
          `${min != null ? `>= ${min}` : ""}${min != null && max != null ? " && " : ""}${max != null ? `<= ${max}` : ""}`,
          value
        );
      }
    }
    var validateOneOf = hideStackFrames((value, name, oneOf) => {
      if (!ArrayPrototypeIncludes(oneOf, value)) {
        const allowed = ArrayPrototypeJoin(
          ArrayPrototypeMap(oneOf, (v) => typeof v === "string" ? `'${v}'` : String2(v)),
          ", "
        );
        const reason = "must be one of: " + allowed;
        throw new ERR_INVALID_ARG_VALUE(name, value, reason);
      }
    });
    function validateBoolean(value, name) {
      if (typeof value !== "boolean") throw new ERR_INVALID_ARG_TYPE(name, "boolean", value);
    }
    function getOwnPropertyValueOrDefault(options, key, defaultValue) {
      return options == null || !ObjectPrototypeHasOwnProperty(options, key) ? defaultValue : options[key];
    }
    var validateObject = hideStackFrames((value, name, options = null) => {
      const allowArray = getOwnPropertyValueOrDefault(options, "allowArray", false);
      const allowFunction = getOwnPropertyValueOrDefault(options, "allowFunction", false);
      const nullable = getOwnPropertyValueOrDefault(options, "nullable", false);
      if (!nullable && value === null || !allowArray && ArrayIsArray(value) || typeof value !== "object" && (!allowFunction || typeof value !== "function")) {
        throw new ERR_INVALID_ARG_TYPE(name, "Object", value);
      }
    });
    var validateDictionary = hideStackFrames((value, name) => {
      if (value != null && typeof value !== "object" && typeof value !== "function") {
        throw new ERR_INVALID_ARG_TYPE(name, "a dictionary", value);
      }
    });
    var validateArray = hideStackFrames((value, name, minLength = 0) => {
      if (!ArrayIsArray(value)) {
        throw new ERR_INVALID_ARG_TYPE(name, "Array", value);
      }
      if (value.length < minLength) {
        const reason = `must be longer than ${minLength}`;
        throw new ERR_INVALID_ARG_VALUE(name, value, reason);
      }
    });
    function validateStringArray(value, name) {
      validateArray(value, name);
      for (let i = 0; i < value.length; i++) {
        validateString(value[i], `${name}[${i}]`);
      }
    }
    function validateBooleanArray(value, name) {
      validateArray(value, name);
      for (let i = 0; i < value.length; i++) {
        validateBoolean(value[i], `${name}[${i}]`);
      }
    }
    function validateAbortSignalArray(value, name) {
      validateArray(value, name);
      for (let i = 0; i < value.length; i++) {
        const signal = value[i];
        const indexedName = `${name}[${i}]`;
        if (signal == null) {
          throw new ERR_INVALID_ARG_TYPE(indexedName, "AbortSignal", signal);
        }
        validateAbortSignal(signal, indexedName);
      }
    }
    function validateSignalName(signal, name = "signal") {
      validateString(signal, name);
      if (signals[signal] === void 0) {
        if (signals[StringPrototypeToUpperCase(signal)] !== void 0) {
          throw new ERR_UNKNOWN_SIGNAL(signal + " (signals must use all capital letters)");
        }
        throw new ERR_UNKNOWN_SIGNAL(signal);
      }
    }
    var validateBuffer = hideStackFrames((buffer, name = "buffer") => {
      if (!isArrayBufferView(buffer)) {
        throw new ERR_INVALID_ARG_TYPE(name, ["Buffer", "TypedArray", "DataView"], buffer);
      }
    });
    function validateEncoding(data, encoding) {
      const normalizedEncoding = normalizeEncoding(encoding);
      const length = data.length;
      if (normalizedEncoding === "hex" && length % 2 !== 0) {
        throw new ERR_INVALID_ARG_VALUE("encoding", encoding, `is invalid for data of length ${length}`);
      }
    }
    function validatePort(port, name = "Port", allowZero = true) {
      if (typeof port !== "number" && typeof port !== "string" || typeof port === "string" && StringPrototypeTrim(port).length === 0 || +port !== +port >>> 0 || port > 65535 || port === 0 && !allowZero) {
        throw new ERR_SOCKET_BAD_PORT(name, port, allowZero);
      }
      return port | 0;
    }
    var validateAbortSignal = hideStackFrames((signal, name) => {
      if (signal !== void 0 && (signal === null || typeof signal !== "object" || !("aborted" in signal))) {
        throw new ERR_INVALID_ARG_TYPE(name, "AbortSignal", signal);
      }
    });
    var validateFunction = hideStackFrames((value, name) => {
      if (typeof value !== "function") throw new ERR_INVALID_ARG_TYPE(name, "Function", value);
    });
    var validatePlainFunction = hideStackFrames((value, name) => {
      if (typeof value !== "function" || isAsyncFunction(value)) throw new ERR_INVALID_ARG_TYPE(name, "Function", value);
    });
    var validateUndefined = hideStackFrames((value, name) => {
      if (value !== void 0) throw new ERR_INVALID_ARG_TYPE(name, "undefined", value);
    });
    function validateUnion(value, name, union) {
      if (!ArrayPrototypeIncludes(union, value)) {
        throw new ERR_INVALID_ARG_TYPE(name, `('${ArrayPrototypeJoin(union, "|")}')`, value);
      }
    }
    var linkValueRegExp = /^(?:<[^>]*>)(?:\s*;\s*[^;"\s]+(?:=(")?[^;"\s]*\1)?)*$/;
    function validateLinkHeaderFormat(value, name) {
      if (typeof value === "undefined" || !RegExpPrototypeExec(linkValueRegExp, value)) {
        throw new ERR_INVALID_ARG_VALUE(
          name,
          value,
          'must be an array or string of format "</styles.css>; rel=preload; as=style"'
        );
      }
    }
    function validateLinkHeaderValue(hints) {
      if (typeof hints === "string") {
        validateLinkHeaderFormat(hints, "hints");
        return hints;
      } else if (ArrayIsArray(hints)) {
        const hintsLength = hints.length;
        let result = "";
        if (hintsLength === 0) {
          return result;
        }
        for (let i = 0; i < hintsLength; i++) {
          const link = hints[i];
          validateLinkHeaderFormat(link, "hints");
          result += link;
          if (i !== hintsLength - 1) {
            result += ", ";
          }
        }
        return result;
      }
      throw new ERR_INVALID_ARG_VALUE(
        "hints",
        hints,
        'must be an array or string of format "</styles.css>; rel=preload; as=style"'
      );
    }
    module2.exports = {
      isInt32,
      isUint32,
      parseFileMode,
      validateArray,
      validateStringArray,
      validateBooleanArray,
      validateAbortSignalArray,
      validateBoolean,
      validateBuffer,
      validateDictionary,
      validateEncoding,
      validateFunction,
      validateInt32,
      validateInteger,
      validateNumber,
      validateObject,
      validateOneOf,
      validatePlainFunction,
      validatePort,
      validateSignalName,
      validateString,
      validateUint32,
      validateUndefined,
      validateUnion,
      validateAbortSignal,
      validateLinkHeaderValue
    };
  }
});

// node_modules/process/index.js
var require_process = __commonJS({
  "node_modules/process/index.js"(exports2, module2) {
    module2.exports = global.process;
  }
});

// node_modules/readable-stream/lib/internal/shims/process.js
var require_process2 = __commonJS({
  "node_modules/readable-stream/lib/internal/shims/process.js"(exports2, module2) {
    "use strict";
    var process2 = ((base, esmKey, keys, isValid) => {
      if (esmKey in base && base[esmKey] === true) {
        let candidate;
        for (const key of keys) {
          if (!(key in base)) {
            continue;
          }
          candidate = base[key];
          if (isValid(candidate)) {
            return candidate;
          }
        }
      }
      return base;
    })(require_process(), "__esModule", ["default", "process"], (candidate) => "nextTick" in candidate);
    module2.exports = process2;
  }
});

// node_modules/readable-stream/lib/internal/streams/utils.js
var require_utils3 = __commonJS({
  "node_modules/readable-stream/lib/internal/streams/utils.js"(exports2, module2) {
    "use strict";
    var { SymbolAsyncIterator, SymbolIterator, SymbolFor } = require_primordials();
    var kIsDestroyed = SymbolFor("nodejs.stream.destroyed");
    var kIsErrored = SymbolFor("nodejs.stream.errored");
    var kIsReadable = SymbolFor("nodejs.stream.readable");
    var kIsWritable = SymbolFor("nodejs.stream.writable");
    var kIsDisturbed = SymbolFor("nodejs.stream.disturbed");
    var kIsClosedPromise = SymbolFor("nodejs.webstream.isClosedPromise");
    var kControllerErrorFunction = SymbolFor("nodejs.webstream.controllerErrorFunction");
    function isReadableNodeStream(obj, strict = false) {
      var _obj$_readableState;
      return !!(obj && typeof obj.pipe === "function" && typeof obj.on === "function" && (!strict || typeof obj.pause === "function" && typeof obj.resume === "function") && (!obj._writableState || ((_obj$_readableState = obj._readableState) === null || _obj$_readableState === void 0 ? void 0 : _obj$_readableState.readable) !== false) && // Duplex
      (!obj._writableState || obj._readableState));
    }
    function isWritableNodeStream(obj) {
      var _obj$_writableState;
      return !!(obj && typeof obj.write === "function" && typeof obj.on === "function" && (!obj._readableState || ((_obj$_writableState = obj._writableState) === null || _obj$_writableState === void 0 ? void 0 : _obj$_writableState.writable) !== false));
    }
    function isDuplexNodeStream(obj) {
      return !!(obj && typeof obj.pipe === "function" && obj._readableState && typeof obj.on === "function" && typeof obj.write === "function");
    }
    function isNodeStream(obj) {
      return obj && (obj._readableState || obj._writableState || typeof obj.write === "function" && typeof obj.on === "function" || typeof obj.pipe === "function" && typeof obj.on === "function");
    }
    function isReadableStream(obj) {
      return !!(obj && !isNodeStream(obj) && typeof obj.pipeThrough === "function" && typeof obj.getReader === "function" && typeof obj.cancel === "function");
    }
    function isWritableStream(obj) {
      return !!(obj && !isNodeStream(obj) && typeof obj.getWriter === "function" && typeof obj.abort === "function");
    }
    function isTransformStream(obj) {
      return !!(obj && !isNodeStream(obj) && typeof obj.readable === "object" && typeof obj.writable === "object");
    }
    function isWebStream(obj) {
      return isReadableStream(obj) || isWritableStream(obj) || isTransformStream(obj);
    }
    function isIterable(obj, isAsync) {
      if (obj == null) return false;
      if (isAsync === true) return typeof obj[SymbolAsyncIterator] === "function";
      if (isAsync === false) return typeof obj[SymbolIterator] === "function";
      return typeof obj[SymbolAsyncIterator] === "function" || typeof obj[SymbolIterator] === "function";
    }
    function isDestroyed(stream) {
      if (!isNodeStream(stream)) return null;
      const wState = stream._writableState;
      const rState = stream._readableState;
      const state = wState || rState;
      return !!(stream.destroyed || stream[kIsDestroyed] || state !== null && state !== void 0 && state.destroyed);
    }
    function isWritableEnded(stream) {
      if (!isWritableNodeStream(stream)) return null;
      if (stream.writableEnded === true) return true;
      const wState = stream._writableState;
      if (wState !== null && wState !== void 0 && wState.errored) return false;
      if (typeof (wState === null || wState === void 0 ? void 0 : wState.ended) !== "boolean") return null;
      return wState.ended;
    }
    function isWritableFinished(stream, strict) {
      if (!isWritableNodeStream(stream)) return null;
      if (stream.writableFinished === true) return true;
      const wState = stream._writableState;
      if (wState !== null && wState !== void 0 && wState.errored) return false;
      if (typeof (wState === null || wState === void 0 ? void 0 : wState.finished) !== "boolean") return null;
      return !!(wState.finished || strict === false && wState.ended === true && wState.length === 0);
    }
    function isReadableEnded(stream) {
      if (!isReadableNodeStream(stream)) return null;
      if (stream.readableEnded === true) return true;
      const rState = stream._readableState;
      if (!rState || rState.errored) return false;
      if (typeof (rState === null || rState === void 0 ? void 0 : rState.ended) !== "boolean") return null;
      return rState.ended;
    }
    function isReadableFinished(stream, strict) {
      if (!isReadableNodeStream(stream)) return null;
      const rState = stream._readableState;
      if (rState !== null && rState !== void 0 && rState.errored) return false;
      if (typeof (rState === null || rState === void 0 ? void 0 : rState.endEmitted) !== "boolean") return null;
      return !!(rState.endEmitted || strict === false && rState.ended === true && rState.length === 0);
    }
    function isReadable(stream) {
      if (stream && stream[kIsReadable] != null) return stream[kIsReadable];
      if (typeof (stream === null || stream === void 0 ? void 0 : stream.readable) !== "boolean") return null;
      if (isDestroyed(stream)) return false;
      return isReadableNodeStream(stream) && stream.readable && !isReadableFinished(stream);
    }
    function isWritable(stream) {
      if (stream && stream[kIsWritable] != null) return stream[kIsWritable];
      if (typeof (stream === null || stream === void 0 ? void 0 : stream.writable) !== "boolean") return null;
      if (isDestroyed(stream)) return false;
      return isWritableNodeStream(stream) && stream.writable && !isWritableEnded(stream);
    }
    function isFinished(stream, opts) {
      if (!isNodeStream(stream)) {
        return null;
      }
      if (isDestroyed(stream)) {
        return true;
      }
      if ((opts === null || opts === void 0 ? void 0 : opts.readable) !== false && isReadable(stream)) {
        return false;
      }
      if ((opts === null || opts === void 0 ? void 0 : opts.writable) !== false && isWritable(stream)) {
        return false;
      }
      return true;
    }
    function isWritableErrored(stream) {
      var _stream$_writableStat, _stream$_writableStat2;
      if (!isNodeStream(stream)) {
        return null;
      }
      if (stream.writableErrored) {
        return stream.writableErrored;
      }
      return (_stream$_writableStat = (_stream$_writableStat2 = stream._writableState) === null || _stream$_writableStat2 === void 0 ? void 0 : _stream$_writableStat2.errored) !== null && _stream$_writableStat !== void 0 ? _stream$_writableStat : null;
    }
    function isReadableErrored(stream) {
      var _stream$_readableStat, _stream$_readableStat2;
      if (!isNodeStream(stream)) {
        return null;
      }
      if (stream.readableErrored) {
        return stream.readableErrored;
      }
      return (_stream$_readableStat = (_stream$_readableStat2 = stream._readableState) === null || _stream$_readableStat2 === void 0 ? void 0 : _stream$_readableStat2.errored) !== null && _stream$_readableStat !== void 0 ? _stream$_readableStat : null;
    }
    function isClosed(stream) {
      if (!isNodeStream(stream)) {
        return null;
      }
      if (typeof stream.closed === "boolean") {
        return stream.closed;
      }
      const wState = stream._writableState;
      const rState = stream._readableState;
      if (typeof (wState === null || wState === void 0 ? void 0 : wState.closed) === "boolean" || typeof (rState === null || rState === void 0 ? void 0 : rState.closed) === "boolean") {
        return (wState === null || wState === void 0 ? void 0 : wState.closed) || (rState === null || rState === void 0 ? void 0 : rState.closed);
      }
      if (typeof stream._closed === "boolean" && isOutgoingMessage(stream)) {
        return stream._closed;
      }
      return null;
    }
    function isOutgoingMessage(stream) {
      return typeof stream._closed === "boolean" && typeof stream._defaultKeepAlive === "boolean" && typeof stream._removedConnection === "boolean" && typeof stream._removedContLen === "boolean";
    }
    function isServerResponse(stream) {
      return typeof stream._sent100 === "boolean" && isOutgoingMessage(stream);
    }
    function isServerRequest(stream) {
      var _stream$req;
      return typeof stream._consuming === "boolean" && typeof stream._dumped === "boolean" && ((_stream$req = stream.req) === null || _stream$req === void 0 ? void 0 : _stream$req.upgradeOrConnect) === void 0;
    }
    function willEmitClose(stream) {
      if (!isNodeStream(stream)) return null;
      const wState = stream._writableState;
      const rState = stream._readableState;
      const state = wState || rState;
      return !state && isServerResponse(stream) || !!(state && state.autoDestroy && state.emitClose && state.closed === false);
    }
    function isDisturbed(stream) {
      var _stream$kIsDisturbed;
      return !!(stream && ((_stream$kIsDisturbed = stream[kIsDisturbed]) !== null && _stream$kIsDisturbed !== void 0 ? _stream$kIsDisturbed : stream.readableDidRead || stream.readableAborted));
    }
    function isErrored(stream) {
      var _ref, _ref2, _ref3, _ref4, _ref5, _stream$kIsErrored, _stream$_readableStat3, _stream$_writableStat3, _stream$_readableStat4, _stream$_writableStat4;
      return !!(stream && ((_ref = (_ref2 = (_ref3 = (_ref4 = (_ref5 = (_stream$kIsErrored = stream[kIsErrored]) !== null && _stream$kIsErrored !== void 0 ? _stream$kIsErrored : stream.readableErrored) !== null && _ref5 !== void 0 ? _ref5 : stream.writableErrored) !== null && _ref4 !== void 0 ? _ref4 : (_stream$_readableStat3 = stream._readableState) === null || _stream$_readableStat3 === void 0 ? void 0 : _stream$_readableStat3.errorEmitted) !== null && _ref3 !== void 0 ? _ref3 : (_stream$_writableStat3 = stream._writableState) === null || _stream$_writableStat3 === void 0 ? void 0 : _stream$_writableStat3.errorEmitted) !== null && _ref2 !== void 0 ? _ref2 : (_stream$_readableStat4 = stream._readableState) === null || _stream$_readableStat4 === void 0 ? void 0 : _stream$_readableStat4.errored) !== null && _ref !== void 0 ? _ref : (_stream$_writableStat4 = stream._writableState) === null || _stream$_writableStat4 === void 0 ? void 0 : _stream$_writableStat4.errored));
    }
    module2.exports = {
      isDestroyed,
      kIsDestroyed,
      isDisturbed,
      kIsDisturbed,
      isErrored,
      kIsErrored,
      isReadable,
      kIsReadable,
      kIsClosedPromise,
      kControllerErrorFunction,
      kIsWritable,
      isClosed,
      isDuplexNodeStream,
      isFinished,
      isIterable,
      isReadableNodeStream,
      isReadableStream,
      isReadableEnded,
      isReadableFinished,
      isReadableErrored,
      isNodeStream,
      isWebStream,
      isWritable,
      isWritableNodeStream,
      isWritableStream,
      isWritableEnded,
      isWritableFinished,
      isWritableErrored,
      isServerRequest,
      isServerResponse,
      willEmitClose,
      isTransformStream
    };
  }
});

// node_modules/readable-stream/lib/internal/streams/end-of-stream.js
var require_end_of_stream = __commonJS({
  "node_modules/readable-stream/lib/internal/streams/end-of-stream.js"(exports2, module2) {
    "use strict";
    var process2 = require_process2();
    var { AbortError, codes } = require_errors();
    var { ERR_INVALID_ARG_TYPE, ERR_STREAM_PREMATURE_CLOSE } = codes;
    var { kEmptyObject, once: once2 } = require_util();
    var { validateAbortSignal, validateFunction, validateObject, validateBoolean } = require_validators();
    var { Promise: Promise2, PromisePrototypeThen, SymbolDispose } = require_primordials();
    var {
      isClosed,
      isReadable,
      isReadableNodeStream,
      isReadableStream,
      isReadableFinished,
      isReadableErrored,
      isWritable,
      isWritableNodeStream,
      isWritableStream,
      isWritableFinished,
      isWritableErrored,
      isNodeStream,
      willEmitClose: _willEmitClose,
      kIsClosedPromise
    } = require_utils3();
    var addAbortListener;
    function isRequest(stream) {
      return stream.setHeader && typeof stream.abort === "function";
    }
    var nop = () => {
    };
    function eos(stream, options, callback) {
      var _options$readable, _options$writable;
      if (arguments.length === 2) {
        callback = options;
        options = kEmptyObject;
      } else if (options == null) {
        options = kEmptyObject;
      } else {
        validateObject(options, "options");
      }
      validateFunction(callback, "callback");
      validateAbortSignal(options.signal, "options.signal");
      callback = once2(callback);
      if (isReadableStream(stream) || isWritableStream(stream)) {
        return eosWeb(stream, options, callback);
      }
      if (!isNodeStream(stream)) {
        throw new ERR_INVALID_ARG_TYPE("stream", ["ReadableStream", "WritableStream", "Stream"], stream);
      }
      const readable = (_options$readable = options.readable) !== null && _options$readable !== void 0 ? _options$readable : isReadableNodeStream(stream);
      const writable = (_options$writable = options.writable) !== null && _options$writable !== void 0 ? _options$writable : isWritableNodeStream(stream);
      const wState = stream._writableState;
      const rState = stream._readableState;
      const onlegacyfinish = () => {
        if (!stream.writable) {
          onfinish();
        }
      };
      let willEmitClose = _willEmitClose(stream) && isReadableNodeStream(stream) === readable && isWritableNodeStream(stream) === writable;
      let writableFinished = isWritableFinished(stream, false);
      const onfinish = () => {
        writableFinished = true;
        if (stream.destroyed) {
          willEmitClose = false;
        }
        if (willEmitClose && (!stream.readable || readable)) {
          return;
        }
        if (!readable || readableFinished) {
          callback.call(stream);
        }
      };
      let readableFinished = isReadableFinished(stream, false);
      const onend = () => {
        readableFinished = true;
        if (stream.destroyed) {
          willEmitClose = false;
        }
        if (willEmitClose && (!stream.writable || writable)) {
          return;
        }
        if (!writable || writableFinished) {
          callback.call(stream);
        }
      };
      const onerror = (err) => {
        callback.call(stream, err);
      };
      let closed = isClosed(stream);
      const onclose = () => {
        closed = true;
        const errored = isWritableErrored(stream) || isReadableErrored(stream);
        if (errored && typeof errored !== "boolean") {
          return callback.call(stream, errored);
        }
        if (readable && !readableFinished && isReadableNodeStream(stream, true)) {
          if (!isReadableFinished(stream, false)) return callback.call(stream, new ERR_STREAM_PREMATURE_CLOSE());
        }
        if (writable && !writableFinished) {
          if (!isWritableFinished(stream, false)) return callback.call(stream, new ERR_STREAM_PREMATURE_CLOSE());
        }
        callback.call(stream);
      };
      const onclosed = () => {
        closed = true;
        const errored = isWritableErrored(stream) || isReadableErrored(stream);
        if (errored && typeof errored !== "boolean") {
          return callback.call(stream, errored);
        }
        callback.call(stream);
      };
      const onrequest = () => {
        stream.req.on("finish", onfinish);
      };
      if (isRequest(stream)) {
        stream.on("complete", onfinish);
        if (!willEmitClose) {
          stream.on("abort", onclose);
        }
        if (stream.req) {
          onrequest();
        } else {
          stream.on("request", onrequest);
        }
      } else if (writable && !wState) {
        stream.on("end", onlegacyfinish);
        stream.on("close", onlegacyfinish);
      }
      if (!willEmitClose && typeof stream.aborted === "boolean") {
        stream.on("aborted", onclose);
      }
      stream.on("end", onend);
      stream.on("finish", onfinish);
      if (options.error !== false) {
        stream.on("error", onerror);
      }
      stream.on("close", onclose);
      if (closed) {
        process2.nextTick(onclose);
      } else if (wState !== null && wState !== void 0 && wState.errorEmitted || rState !== null && rState !== void 0 && rState.errorEmitted) {
        if (!willEmitClose) {
          process2.nextTick(onclosed);
        }
      } else if (!readable && (!willEmitClose || isReadable(stream)) && (writableFinished || isWritable(stream) === false)) {
        process2.nextTick(onclosed);
      } else if (!writable && (!willEmitClose || isWritable(stream)) && (readableFinished || isReadable(stream) === false)) {
        process2.nextTick(onclosed);
      } else if (rState && stream.req && stream.aborted) {
        process2.nextTick(onclosed);
      }
      const cleanup = () => {
        callback = nop;
        stream.removeListener("aborted", onclose);
        stream.removeListener("complete", onfinish);
        stream.removeListener("abort", onclose);
        stream.removeListener("request", onrequest);
        if (stream.req) stream.req.removeListener("finish", onfinish);
        stream.removeListener("end", onlegacyfinish);
        stream.removeListener("close", onlegacyfinish);
        stream.removeListener("finish", onfinish);
        stream.removeListener("end", onend);
        stream.removeListener("error", onerror);
        stream.removeListener("close", onclose);
      };
      if (options.signal && !closed) {
        const abort = () => {
          const endCallback = callback;
          cleanup();
          endCallback.call(
            stream,
            new AbortError(void 0, {
              cause: options.signal.reason
            })
          );
        };
        if (options.signal.aborted) {
          process2.nextTick(abort);
        } else {
          addAbortListener = addAbortListener || require_util().addAbortListener;
          const disposable = addAbortListener(options.signal, abort);
          const originalCallback = callback;
          callback = once2((...args) => {
            disposable[SymbolDispose]();
            originalCallback.apply(stream, args);
          });
        }
      }
      return cleanup;
    }
    function eosWeb(stream, options, callback) {
      let isAborted = false;
      let abort = nop;
      if (options.signal) {
        abort = () => {
          isAborted = true;
          callback.call(
            stream,
            new AbortError(void 0, {
              cause: options.signal.reason
            })
          );
        };
        if (options.signal.aborted) {
          process2.nextTick(abort);
        } else {
          addAbortListener = addAbortListener || require_util().addAbortListener;
          const disposable = addAbortListener(options.signal, abort);
          const originalCallback = callback;
          callback = once2((...args) => {
            disposable[SymbolDispose]();
            originalCallback.apply(stream, args);
          });
        }
      }
      const resolverFn = (...args) => {
        if (!isAborted) {
          process2.nextTick(() => callback.apply(stream, args));
        }
      };
      PromisePrototypeThen(stream[kIsClosedPromise].promise, resolverFn, resolverFn);
      return nop;
    }
    function finished2(stream, opts) {
      var _opts;
      let autoCleanup = false;
      if (opts === null) {
        opts = kEmptyObject;
      }
      if ((_opts = opts) !== null && _opts !== void 0 && _opts.cleanup) {
        validateBoolean(opts.cleanup, "cleanup");
        autoCleanup = opts.cleanup;
      }
      return new Promise2((resolve2, reject) => {
        const cleanup = eos(stream, opts, (err) => {
          if (autoCleanup) {
            cleanup();
          }
          if (err) {
            reject(err);
          } else {
            resolve2();
          }
        });
      });
    }
    module2.exports = eos;
    module2.exports.finished = finished2;
  }
});

// node_modules/readable-stream/lib/internal/streams/destroy.js
var require_destroy = __commonJS({
  "node_modules/readable-stream/lib/internal/streams/destroy.js"(exports2, module2) {
    "use strict";
    var process2 = require_process2();
    var {
      aggregateTwoErrors,
      codes: { ERR_MULTIPLE_CALLBACK },
      AbortError
    } = require_errors();
    var { Symbol: Symbol2 } = require_primordials();
    var { kIsDestroyed, isDestroyed, isFinished, isServerRequest } = require_utils3();
    var kDestroy = Symbol2("kDestroy");
    var kConstruct = Symbol2("kConstruct");
    function checkError(err, w, r) {
      if (err) {
        err.stack;
        if (w && !w.errored) {
          w.errored = err;
        }
        if (r && !r.errored) {
          r.errored = err;
        }
      }
    }
    function destroy(err, cb) {
      const r = this._readableState;
      const w = this._writableState;
      const s = w || r;
      if (w !== null && w !== void 0 && w.destroyed || r !== null && r !== void 0 && r.destroyed) {
        if (typeof cb === "function") {
          cb();
        }
        return this;
      }
      checkError(err, w, r);
      if (w) {
        w.destroyed = true;
      }
      if (r) {
        r.destroyed = true;
      }
      if (!s.constructed) {
        this.once(kDestroy, function(er) {
          _destroy(this, aggregateTwoErrors(er, err), cb);
        });
      } else {
        _destroy(this, err, cb);
      }
      return this;
    }
    function _destroy(self2, err, cb) {
      let called = false;
      function onDestroy(err2) {
        if (called) {
          return;
        }
        called = true;
        const r = self2._readableState;
        const w = self2._writableState;
        checkError(err2, w, r);
        if (w) {
          w.closed = true;
        }
        if (r) {
          r.closed = true;
        }
        if (typeof cb === "function") {
          cb(err2);
        }
        if (err2) {
          process2.nextTick(emitErrorCloseNT, self2, err2);
        } else {
          process2.nextTick(emitCloseNT, self2);
        }
      }
      try {
        self2._destroy(err || null, onDestroy);
      } catch (err2) {
        onDestroy(err2);
      }
    }
    function emitErrorCloseNT(self2, err) {
      emitErrorNT(self2, err);
      emitCloseNT(self2);
    }
    function emitCloseNT(self2) {
      const r = self2._readableState;
      const w = self2._writableState;
      if (w) {
        w.closeEmitted = true;
      }
      if (r) {
        r.closeEmitted = true;
      }
      if (w !== null && w !== void 0 && w.emitClose || r !== null && r !== void 0 && r.emitClose) {
        self2.emit("close");
      }
    }
    function emitErrorNT(self2, err) {
      const r = self2._readableState;
      const w = self2._writableState;
      if (w !== null && w !== void 0 && w.errorEmitted || r !== null && r !== void 0 && r.errorEmitted) {
        return;
      }
      if (w) {
        w.errorEmitted = true;
      }
      if (r) {
        r.errorEmitted = true;
      }
      self2.emit("error", err);
    }
    function undestroy() {
      const r = this._readableState;
      const w = this._writableState;
      if (r) {
        r.constructed = true;
        r.closed = false;
        r.closeEmitted = false;
        r.destroyed = false;
        r.errored = null;
        r.errorEmitted = false;
        r.reading = false;
        r.ended = r.readable === false;
        r.endEmitted = r.readable === false;
      }
      if (w) {
        w.constructed = true;
        w.destroyed = false;
        w.closed = false;
        w.closeEmitted = false;
        w.errored = null;
        w.errorEmitted = false;
        w.finalCalled = false;
        w.prefinished = false;
        w.ended = w.writable === false;
        w.ending = w.writable === false;
        w.finished = w.writable === false;
      }
    }
    function errorOrDestroy(stream, err, sync) {
      const r = stream._readableState;
      const w = stream._writableState;
      if (w !== null && w !== void 0 && w.destroyed || r !== null && r !== void 0 && r.destroyed) {
        return this;
      }
      if (r !== null && r !== void 0 && r.autoDestroy || w !== null && w !== void 0 && w.autoDestroy)
        stream.destroy(err);
      else if (err) {
        err.stack;
        if (w && !w.errored) {
          w.errored = err;
        }
        if (r && !r.errored) {
          r.errored = err;
        }
        if (sync) {
          process2.nextTick(emitErrorNT, stream, err);
        } else {
          emitErrorNT(stream, err);
        }
      }
    }
    function construct(stream, cb) {
      if (typeof stream._construct !== "function") {
        return;
      }
      const r = stream._readableState;
      const w = stream._writableState;
      if (r) {
        r.constructed = false;
      }
      if (w) {
        w.constructed = false;
      }
      stream.once(kConstruct, cb);
      if (stream.listenerCount(kConstruct) > 1) {
        return;
      }
      process2.nextTick(constructNT, stream);
    }
    function constructNT(stream) {
      let called = false;
      function onConstruct(err) {
        if (called) {
          errorOrDestroy(stream, err !== null && err !== void 0 ? err : new ERR_MULTIPLE_CALLBACK());
          return;
        }
        called = true;
        const r = stream._readableState;
        const w = stream._writableState;
        const s = w || r;
        if (r) {
          r.constructed = true;
        }
        if (w) {
          w.constructed = true;
        }
        if (s.destroyed) {
          stream.emit(kDestroy, err);
        } else if (err) {
          errorOrDestroy(stream, err, true);
        } else {
          process2.nextTick(emitConstructNT, stream);
        }
      }
      try {
        stream._construct((err) => {
          process2.nextTick(onConstruct, err);
        });
      } catch (err) {
        process2.nextTick(onConstruct, err);
      }
    }
    function emitConstructNT(stream) {
      stream.emit(kConstruct);
    }
    function isRequest(stream) {
      return (stream === null || stream === void 0 ? void 0 : stream.setHeader) && typeof stream.abort === "function";
    }
    function emitCloseLegacy(stream) {
      stream.emit("close");
    }
    function emitErrorCloseLegacy(stream, err) {
      stream.emit("error", err);
      process2.nextTick(emitCloseLegacy, stream);
    }
    function destroyer(stream, err) {
      if (!stream || isDestroyed(stream)) {
        return;
      }
      if (!err && !isFinished(stream)) {
        err = new AbortError();
      }
      if (isServerRequest(stream)) {
        stream.socket = null;
        stream.destroy(err);
      } else if (isRequest(stream)) {
        stream.abort();
      } else if (isRequest(stream.req)) {
        stream.req.abort();
      } else if (typeof stream.destroy === "function") {
        stream.destroy(err);
      } else if (typeof stream.close === "function") {
        stream.close();
      } else if (err) {
        process2.nextTick(emitErrorCloseLegacy, stream, err);
      } else {
        process2.nextTick(emitCloseLegacy, stream);
      }
      if (!stream.destroyed) {
        stream[kIsDestroyed] = true;
      }
    }
    module2.exports = {
      construct,
      destroyer,
      destroy,
      undestroy,
      errorOrDestroy
    };
  }
});

// node_modules/readable-stream/lib/internal/streams/legacy.js
var require_legacy = __commonJS({
  "node_modules/readable-stream/lib/internal/streams/legacy.js"(exports2, module2) {
    "use strict";
    var { ArrayIsArray, ObjectSetPrototypeOf } = require_primordials();
    var { EventEmitter: EE } = require("events");
    function Stream(opts) {
      EE.call(this, opts);
    }
    ObjectSetPrototypeOf(Stream.prototype, EE.prototype);
    ObjectSetPrototypeOf(Stream, EE);
    Stream.prototype.pipe = function(dest, options) {
      const source = this;
      function ondata(chunk) {
        if (dest.writable && dest.write(chunk) === false && source.pause) {
          source.pause();
        }
      }
      source.on("data", ondata);
      function ondrain() {
        if (source.readable && source.resume) {
          source.resume();
        }
      }
      dest.on("drain", ondrain);
      if (!dest._isStdio && (!options || options.end !== false)) {
        source.on("end", onend);
        source.on("close", onclose);
      }
      let didOnEnd = false;
      function onend() {
        if (didOnEnd) return;
        didOnEnd = true;
        dest.end();
      }
      function onclose() {
        if (didOnEnd) return;
        didOnEnd = true;
        if (typeof dest.destroy === "function") dest.destroy();
      }
      function onerror(er) {
        var _this$listenerCount;
        cleanup();
        if (((_this$listenerCount = this.listenerCount) === null || _this$listenerCount === void 0 ? void 0 : _this$listenerCount.call(this, "error")) === 0) {
          this.emit("error", er);
        }
      }
      prependListener(source, "error", onerror);
      prependListener(dest, "error", onerror);
      function cleanup() {
        source.removeListener("data", ondata);
        dest.removeListener("drain", ondrain);
        source.removeListener("end", onend);
        source.removeListener("close", onclose);
        source.removeListener("error", onerror);
        dest.removeListener("error", onerror);
        source.removeListener("end", cleanup);
        source.removeListener("close", cleanup);
        dest.removeListener("close", cleanup);
      }
      source.on("end", cleanup);
      source.on("close", cleanup);
      dest.on("close", cleanup);
      dest.emit("pipe", source);
      return dest;
    };
    function prependListener(emitter, event, fn) {
      if (typeof emitter.prependListener === "function") return emitter.prependListener(event, fn);
      if (!emitter._events || !emitter._events[event]) emitter.on(event, fn);
      else if (ArrayIsArray(emitter._events[event])) emitter._events[event].unshift(fn);
      else emitter._events[event] = [fn, emitter._events[event]];
    }
    module2.exports = {
      Stream,
      prependListener
    };
  }
});

// node_modules/readable-stream/lib/internal/streams/add-abort-signal.js
var require_add_abort_signal = __commonJS({
  "node_modules/readable-stream/lib/internal/streams/add-abort-signal.js"(exports2, module2) {
    "use strict";
    var { SymbolDispose } = require_primordials();
    var { AbortError, codes } = require_errors();
    var { isNodeStream, isWebStream, kControllerErrorFunction } = require_utils3();
    var eos = require_end_of_stream();
    var { ERR_INVALID_ARG_TYPE } = codes;
    var addAbortListener;
    var validateAbortSignal = (signal, name) => {
      if (typeof signal !== "object" || !("aborted" in signal)) {
        throw new ERR_INVALID_ARG_TYPE(name, "AbortSignal", signal);
      }
    };
    module2.exports.addAbortSignal = function addAbortSignal(signal, stream) {
      validateAbortSignal(signal, "signal");
      if (!isNodeStream(stream) && !isWebStream(stream)) {
        throw new ERR_INVALID_ARG_TYPE("stream", ["ReadableStream", "WritableStream", "Stream"], stream);
      }
      return module2.exports.addAbortSignalNoValidate(signal, stream);
    };
    module2.exports.addAbortSignalNoValidate = function(signal, stream) {
      if (typeof signal !== "object" || !("aborted" in signal)) {
        return stream;
      }
      const onAbort = isNodeStream(stream) ? () => {
        stream.destroy(
          new AbortError(void 0, {
            cause: signal.reason
          })
        );
      } : () => {
        stream[kControllerErrorFunction](
          new AbortError(void 0, {
            cause: signal.reason
          })
        );
      };
      if (signal.aborted) {
        onAbort();
      } else {
        addAbortListener = addAbortListener || require_util().addAbortListener;
        const disposable = addAbortListener(signal, onAbort);
        eos(stream, disposable[SymbolDispose]);
      }
      return stream;
    };
  }
});

// node_modules/readable-stream/lib/internal/streams/buffer_list.js
var require_buffer_list = __commonJS({
  "node_modules/readable-stream/lib/internal/streams/buffer_list.js"(exports2, module2) {
    "use strict";
    var { StringPrototypeSlice, SymbolIterator, TypedArrayPrototypeSet, Uint8Array: Uint8Array2 } = require_primordials();
    var { Buffer: Buffer2 } = require("buffer");
    var { inspect } = require_util();
    module2.exports = class BufferList {
      constructor() {
        this.head = null;
        this.tail = null;
        this.length = 0;
      }
      push(v) {
        const entry = {
          data: v,
          next: null
        };
        if (this.length > 0) this.tail.next = entry;
        else this.head = entry;
        this.tail = entry;
        ++this.length;
      }
      unshift(v) {
        const entry = {
          data: v,
          next: this.head
        };
        if (this.length === 0) this.tail = entry;
        this.head = entry;
        ++this.length;
      }
      shift() {
        if (this.length === 0) return;
        const ret = this.head.data;
        if (this.length === 1) this.head = this.tail = null;
        else this.head = this.head.next;
        --this.length;
        return ret;
      }
      clear() {
        this.head = this.tail = null;
        this.length = 0;
      }
      join(s) {
        if (this.length === 0) return "";
        let p = this.head;
        let ret = "" + p.data;
        while ((p = p.next) !== null) ret += s + p.data;
        return ret;
      }
      concat(n) {
        if (this.length === 0) return Buffer2.alloc(0);
        const ret = Buffer2.allocUnsafe(n >>> 0);
        let p = this.head;
        let i = 0;
        while (p) {
          TypedArrayPrototypeSet(ret, p.data, i);
          i += p.data.length;
          p = p.next;
        }
        return ret;
      }
      // Consumes a specified amount of bytes or characters from the buffered data.
      consume(n, hasStrings) {
        const data = this.head.data;
        if (n < data.length) {
          const slice = data.slice(0, n);
          this.head.data = data.slice(n);
          return slice;
        }
        if (n === data.length) {
          return this.shift();
        }
        return hasStrings ? this._getString(n) : this._getBuffer(n);
      }
      first() {
        return this.head.data;
      }
      *[SymbolIterator]() {
        for (let p = this.head; p; p = p.next) {
          yield p.data;
        }
      }
      // Consumes a specified amount of characters from the buffered data.
      _getString(n) {
        let ret = "";
        let p = this.head;
        let c = 0;
        do {
          const str = p.data;
          if (n > str.length) {
            ret += str;
            n -= str.length;
          } else {
            if (n === str.length) {
              ret += str;
              ++c;
              if (p.next) this.head = p.next;
              else this.head = this.tail = null;
            } else {
              ret += StringPrototypeSlice(str, 0, n);
              this.head = p;
              p.data = StringPrototypeSlice(str, n);
            }
            break;
          }
          ++c;
        } while ((p = p.next) !== null);
        this.length -= c;
        return ret;
      }
      // Consumes a specified amount of bytes from the buffered data.
      _getBuffer(n) {
        const ret = Buffer2.allocUnsafe(n);
        const retLen = n;
        let p = this.head;
        let c = 0;
        do {
          const buf = p.data;
          if (n > buf.length) {
            TypedArrayPrototypeSet(ret, buf, retLen - n);
            n -= buf.length;
          } else {
            if (n === buf.length) {
              TypedArrayPrototypeSet(ret, buf, retLen - n);
              ++c;
              if (p.next) this.head = p.next;
              else this.head = this.tail = null;
            } else {
              TypedArrayPrototypeSet(ret, new Uint8Array2(buf.buffer, buf.byteOffset, n), retLen - n);
              this.head = p;
              p.data = buf.slice(n);
            }
            break;
          }
          ++c;
        } while ((p = p.next) !== null);
        this.length -= c;
        return ret;
      }
      // Make sure the linked list only shows the minimal necessary information.
      [/* @__PURE__ */ Symbol.for("nodejs.util.inspect.custom")](_, options) {
        return inspect(this, {
          ...options,
          // Only inspect one level.
          depth: 0,
          // It should not recurse.
          customInspect: false
        });
      }
    };
  }
});

// node_modules/readable-stream/lib/internal/streams/state.js
var require_state = __commonJS({
  "node_modules/readable-stream/lib/internal/streams/state.js"(exports2, module2) {
    "use strict";
    var { MathFloor, NumberIsInteger } = require_primordials();
    var { validateInteger } = require_validators();
    var { ERR_INVALID_ARG_VALUE } = require_errors().codes;
    var defaultHighWaterMarkBytes = 16 * 1024;
    var defaultHighWaterMarkObjectMode = 16;
    function highWaterMarkFrom(options, isDuplex, duplexKey) {
      return options.highWaterMark != null ? options.highWaterMark : isDuplex ? options[duplexKey] : null;
    }
    function getDefaultHighWaterMark(objectMode) {
      return objectMode ? defaultHighWaterMarkObjectMode : defaultHighWaterMarkBytes;
    }
    function setDefaultHighWaterMark(objectMode, value) {
      validateInteger(value, "value", 0);
      if (objectMode) {
        defaultHighWaterMarkObjectMode = value;
      } else {
        defaultHighWaterMarkBytes = value;
      }
    }
    function getHighWaterMark(state, options, duplexKey, isDuplex) {
      const hwm = highWaterMarkFrom(options, isDuplex, duplexKey);
      if (hwm != null) {
        if (!NumberIsInteger(hwm) || hwm < 0) {
          const name = isDuplex ? `options.${duplexKey}` : "options.highWaterMark";
          throw new ERR_INVALID_ARG_VALUE(name, hwm);
        }
        return MathFloor(hwm);
      }
      return getDefaultHighWaterMark(state.objectMode);
    }
    module2.exports = {
      getHighWaterMark,
      getDefaultHighWaterMark,
      setDefaultHighWaterMark
    };
  }
});

// node_modules/safe-buffer/index.js
var require_safe_buffer = __commonJS({
  "node_modules/safe-buffer/index.js"(exports2, module2) {
    var buffer = require("buffer");
    var Buffer2 = buffer.Buffer;
    function copyProps(src, dst) {
      for (var key in src) {
        dst[key] = src[key];
      }
    }
    if (Buffer2.from && Buffer2.alloc && Buffer2.allocUnsafe && Buffer2.allocUnsafeSlow) {
      module2.exports = buffer;
    } else {
      copyProps(buffer, exports2);
      exports2.Buffer = SafeBuffer;
    }
    function SafeBuffer(arg, encodingOrOffset, length) {
      return Buffer2(arg, encodingOrOffset, length);
    }
    SafeBuffer.prototype = Object.create(Buffer2.prototype);
    copyProps(Buffer2, SafeBuffer);
    SafeBuffer.from = function(arg, encodingOrOffset, length) {
      if (typeof arg === "number") {
        throw new TypeError("Argument must not be a number");
      }
      return Buffer2(arg, encodingOrOffset, length);
    };
    SafeBuffer.alloc = function(size, fill, encoding) {
      if (typeof size !== "number") {
        throw new TypeError("Argument must be a number");
      }
      var buf = Buffer2(size);
      if (fill !== void 0) {
        if (typeof encoding === "string") {
          buf.fill(fill, encoding);
        } else {
          buf.fill(fill);
        }
      } else {
        buf.fill(0);
      }
      return buf;
    };
    SafeBuffer.allocUnsafe = function(size) {
      if (typeof size !== "number") {
        throw new TypeError("Argument must be a number");
      }
      return Buffer2(size);
    };
    SafeBuffer.allocUnsafeSlow = function(size) {
      if (typeof size !== "number") {
        throw new TypeError("Argument must be a number");
      }
      return buffer.SlowBuffer(size);
    };
  }
});

// node_modules/string_decoder/lib/string_decoder.js
var require_string_decoder = __commonJS({
  "node_modules/string_decoder/lib/string_decoder.js"(exports2) {
    "use strict";
    var Buffer2 = require_safe_buffer().Buffer;
    var isEncoding = Buffer2.isEncoding || function(encoding) {
      encoding = "" + encoding;
      switch (encoding && encoding.toLowerCase()) {
        case "hex":
        case "utf8":
        case "utf-8":
        case "ascii":
        case "binary":
        case "base64":
        case "ucs2":
        case "ucs-2":
        case "utf16le":
        case "utf-16le":
        case "raw":
          return true;
        default:
          return false;
      }
    };
    function _normalizeEncoding(enc) {
      if (!enc) return "utf8";
      var retried;
      while (true) {
        switch (enc) {
          case "utf8":
          case "utf-8":
            return "utf8";
          case "ucs2":
          case "ucs-2":
          case "utf16le":
          case "utf-16le":
            return "utf16le";
          case "latin1":
          case "binary":
            return "latin1";
          case "base64":
          case "ascii":
          case "hex":
            return enc;
          default:
            if (retried) return;
            enc = ("" + enc).toLowerCase();
            retried = true;
        }
      }
    }
    function normalizeEncoding(enc) {
      var nenc = _normalizeEncoding(enc);
      if (typeof nenc !== "string" && (Buffer2.isEncoding === isEncoding || !isEncoding(enc))) throw new Error("Unknown encoding: " + enc);
      return nenc || enc;
    }
    exports2.StringDecoder = StringDecoder;
    function StringDecoder(encoding) {
      this.encoding = normalizeEncoding(encoding);
      var nb;
      switch (this.encoding) {
        case "utf16le":
          this.text = utf16Text;
          this.end = utf16End;
          nb = 4;
          break;
        case "utf8":
          this.fillLast = utf8FillLast;
          nb = 4;
          break;
        case "base64":
          this.text = base64Text;
          this.end = base64End;
          nb = 3;
          break;
        default:
          this.write = simpleWrite;
          this.end = simpleEnd;
          return;
      }
      this.lastNeed = 0;
      this.lastTotal = 0;
      this.lastChar = Buffer2.allocUnsafe(nb);
    }
    StringDecoder.prototype.write = function(buf) {
      if (buf.length === 0) return "";
      var r;
      var i;
      if (this.lastNeed) {
        r = this.fillLast(buf);
        if (r === void 0) return "";
        i = this.lastNeed;
        this.lastNeed = 0;
      } else {
        i = 0;
      }
      if (i < buf.length) return r ? r + this.text(buf, i) : this.text(buf, i);
      return r || "";
    };
    StringDecoder.prototype.end = utf8End;
    StringDecoder.prototype.text = utf8Text;
    StringDecoder.prototype.fillLast = function(buf) {
      if (this.lastNeed <= buf.length) {
        buf.copy(this.lastChar, this.lastTotal - this.lastNeed, 0, this.lastNeed);
        return this.lastChar.toString(this.encoding, 0, this.lastTotal);
      }
      buf.copy(this.lastChar, this.lastTotal - this.lastNeed, 0, buf.length);
      this.lastNeed -= buf.length;
    };
    function utf8CheckByte(byte) {
      if (byte <= 127) return 0;
      else if (byte >> 5 === 6) return 2;
      else if (byte >> 4 === 14) return 3;
      else if (byte >> 3 === 30) return 4;
      return byte >> 6 === 2 ? -1 : -2;
    }
    function utf8CheckIncomplete(self2, buf, i) {
      var j = buf.length - 1;
      if (j < i) return 0;
      var nb = utf8CheckByte(buf[j]);
      if (nb >= 0) {
        if (nb > 0) self2.lastNeed = nb - 1;
        return nb;
      }
      if (--j < i || nb === -2) return 0;
      nb = utf8CheckByte(buf[j]);
      if (nb >= 0) {
        if (nb > 0) self2.lastNeed = nb - 2;
        return nb;
      }
      if (--j < i || nb === -2) return 0;
      nb = utf8CheckByte(buf[j]);
      if (nb >= 0) {
        if (nb > 0) {
          if (nb === 2) nb = 0;
          else self2.lastNeed = nb - 3;
        }
        return nb;
      }
      return 0;
    }
    function utf8CheckExtraBytes(self2, buf, p) {
      if ((buf[0] & 192) !== 128) {
        self2.lastNeed = 0;
        return "\uFFFD";
      }
      if (self2.lastNeed > 1 && buf.length > 1) {
        if ((buf[1] & 192) !== 128) {
          self2.lastNeed = 1;
          return "\uFFFD";
        }
        if (self2.lastNeed > 2 && buf.length > 2) {
          if ((buf[2] & 192) !== 128) {
            self2.lastNeed = 2;
            return "\uFFFD";
          }
        }
      }
    }
    function utf8FillLast(buf) {
      var p = this.lastTotal - this.lastNeed;
      var r = utf8CheckExtraBytes(this, buf, p);
      if (r !== void 0) return r;
      if (this.lastNeed <= buf.length) {
        buf.copy(this.lastChar, p, 0, this.lastNeed);
        return this.lastChar.toString(this.encoding, 0, this.lastTotal);
      }
      buf.copy(this.lastChar, p, 0, buf.length);
      this.lastNeed -= buf.length;
    }
    function utf8Text(buf, i) {
      var total = utf8CheckIncomplete(this, buf, i);
      if (!this.lastNeed) return buf.toString("utf8", i);
      this.lastTotal = total;
      var end = buf.length - (total - this.lastNeed);
      buf.copy(this.lastChar, 0, end);
      return buf.toString("utf8", i, end);
    }
    function utf8End(buf) {
      var r = buf && buf.length ? this.write(buf) : "";
      if (this.lastNeed) return r + "\uFFFD";
      return r;
    }
    function utf16Text(buf, i) {
      if ((buf.length - i) % 2 === 0) {
        var r = buf.toString("utf16le", i);
        if (r) {
          var c = r.charCodeAt(r.length - 1);
          if (c >= 55296 && c <= 56319) {
            this.lastNeed = 2;
            this.lastTotal = 4;
            this.lastChar[0] = buf[buf.length - 2];
            this.lastChar[1] = buf[buf.length - 1];
            return r.slice(0, -1);
          }
        }
        return r;
      }
      this.lastNeed = 1;
      this.lastTotal = 2;
      this.lastChar[0] = buf[buf.length - 1];
      return buf.toString("utf16le", i, buf.length - 1);
    }
    function utf16End(buf) {
      var r = buf && buf.length ? this.write(buf) : "";
      if (this.lastNeed) {
        var end = this.lastTotal - this.lastNeed;
        return r + this.lastChar.toString("utf16le", 0, end);
      }
      return r;
    }
    function base64Text(buf, i) {
      var n = (buf.length - i) % 3;
      if (n === 0) return buf.toString("base64", i);
      this.lastNeed = 3 - n;
      this.lastTotal = 3;
      if (n === 1) {
        this.lastChar[0] = buf[buf.length - 1];
      } else {
        this.lastChar[0] = buf[buf.length - 2];
        this.lastChar[1] = buf[buf.length - 1];
      }
      return buf.toString("base64", i, buf.length - n);
    }
    function base64End(buf) {
      var r = buf && buf.length ? this.write(buf) : "";
      if (this.lastNeed) return r + this.lastChar.toString("base64", 0, 3 - this.lastNeed);
      return r;
    }
    function simpleWrite(buf) {
      return buf.toString(this.encoding);
    }
    function simpleEnd(buf) {
      return buf && buf.length ? this.write(buf) : "";
    }
  }
});

// node_modules/readable-stream/lib/internal/streams/from.js
var require_from = __commonJS({
  "node_modules/readable-stream/lib/internal/streams/from.js"(exports2, module2) {
    "use strict";
    var process2 = require_process2();
    var { PromisePrototypeThen, SymbolAsyncIterator, SymbolIterator } = require_primordials();
    var { Buffer: Buffer2 } = require("buffer");
    var { ERR_INVALID_ARG_TYPE, ERR_STREAM_NULL_VALUES } = require_errors().codes;
    function from(Readable3, iterable, opts) {
      let iterator;
      if (typeof iterable === "string" || iterable instanceof Buffer2) {
        return new Readable3({
          objectMode: true,
          ...opts,
          read() {
            this.push(iterable);
            this.push(null);
          }
        });
      }
      let isAsync;
      if (iterable && iterable[SymbolAsyncIterator]) {
        isAsync = true;
        iterator = iterable[SymbolAsyncIterator]();
      } else if (iterable && iterable[SymbolIterator]) {
        isAsync = false;
        iterator = iterable[SymbolIterator]();
      } else {
        throw new ERR_INVALID_ARG_TYPE("iterable", ["Iterable"], iterable);
      }
      const readable = new Readable3({
        objectMode: true,
        highWaterMark: 1,
        // TODO(ronag): What options should be allowed?
        ...opts
      });
      let reading = false;
      readable._read = function() {
        if (!reading) {
          reading = true;
          next();
        }
      };
      readable._destroy = function(error, cb) {
        PromisePrototypeThen(
          close(error),
          () => process2.nextTick(cb, error),
          // nextTick is here in case cb throws
          (e) => process2.nextTick(cb, e || error)
        );
      };
      async function close(error) {
        const hadError = error !== void 0 && error !== null;
        const hasThrow = typeof iterator.throw === "function";
        if (hadError && hasThrow) {
          const { value, done } = await iterator.throw(error);
          await value;
          if (done) {
            return;
          }
        }
        if (typeof iterator.return === "function") {
          const { value } = await iterator.return();
          await value;
        }
      }
      async function next() {
        for (; ; ) {
          try {
            const { value, done } = isAsync ? await iterator.next() : iterator.next();
            if (done) {
              readable.push(null);
            } else {
              const res = value && typeof value.then === "function" ? await value : value;
              if (res === null) {
                reading = false;
                throw new ERR_STREAM_NULL_VALUES();
              } else if (readable.push(res)) {
                continue;
              } else {
                reading = false;
              }
            }
          } catch (err) {
            readable.destroy(err);
          }
          break;
        }
      }
      return readable;
    }
    module2.exports = from;
  }
});

// node_modules/readable-stream/lib/internal/streams/readable.js
var require_readable = __commonJS({
  "node_modules/readable-stream/lib/internal/streams/readable.js"(exports2, module2) {
    "use strict";
    var process2 = require_process2();
    var {
      ArrayPrototypeIndexOf,
      NumberIsInteger,
      NumberIsNaN,
      NumberParseInt,
      ObjectDefineProperties,
      ObjectKeys,
      ObjectSetPrototypeOf,
      Promise: Promise2,
      SafeSet,
      SymbolAsyncDispose,
      SymbolAsyncIterator,
      Symbol: Symbol2
    } = require_primordials();
    module2.exports = Readable3;
    Readable3.ReadableState = ReadableState;
    var { EventEmitter: EE } = require("events");
    var { Stream, prependListener } = require_legacy();
    var { Buffer: Buffer2 } = require("buffer");
    var { addAbortSignal } = require_add_abort_signal();
    var eos = require_end_of_stream();
    var debug = require_util().debuglog("stream", (fn) => {
      debug = fn;
    });
    var BufferList = require_buffer_list();
    var destroyImpl = require_destroy();
    var { getHighWaterMark, getDefaultHighWaterMark } = require_state();
    var {
      aggregateTwoErrors,
      codes: {
        ERR_INVALID_ARG_TYPE,
        ERR_METHOD_NOT_IMPLEMENTED,
        ERR_OUT_OF_RANGE,
        ERR_STREAM_PUSH_AFTER_EOF,
        ERR_STREAM_UNSHIFT_AFTER_END_EVENT
      },
      AbortError
    } = require_errors();
    var { validateObject } = require_validators();
    var kPaused = Symbol2("kPaused");
    var { StringDecoder } = require_string_decoder();
    var from = require_from();
    ObjectSetPrototypeOf(Readable3.prototype, Stream.prototype);
    ObjectSetPrototypeOf(Readable3, Stream);
    var nop = () => {
    };
    var { errorOrDestroy } = destroyImpl;
    var kObjectMode = 1 << 0;
    var kEnded = 1 << 1;
    var kEndEmitted = 1 << 2;
    var kReading = 1 << 3;
    var kConstructed = 1 << 4;
    var kSync = 1 << 5;
    var kNeedReadable = 1 << 6;
    var kEmittedReadable = 1 << 7;
    var kReadableListening = 1 << 8;
    var kResumeScheduled = 1 << 9;
    var kErrorEmitted = 1 << 10;
    var kEmitClose = 1 << 11;
    var kAutoDestroy = 1 << 12;
    var kDestroyed = 1 << 13;
    var kClosed = 1 << 14;
    var kCloseEmitted = 1 << 15;
    var kMultiAwaitDrain = 1 << 16;
    var kReadingMore = 1 << 17;
    var kDataEmitted = 1 << 18;
    function makeBitMapDescriptor(bit) {
      return {
        enumerable: false,
        get() {
          return (this.state & bit) !== 0;
        },
        set(value) {
          if (value) this.state |= bit;
          else this.state &= ~bit;
        }
      };
    }
    ObjectDefineProperties(ReadableState.prototype, {
      objectMode: makeBitMapDescriptor(kObjectMode),
      ended: makeBitMapDescriptor(kEnded),
      endEmitted: makeBitMapDescriptor(kEndEmitted),
      reading: makeBitMapDescriptor(kReading),
      // Stream is still being constructed and cannot be
      // destroyed until construction finished or failed.
      // Async construction is opt in, therefore we start as
      // constructed.
      constructed: makeBitMapDescriptor(kConstructed),
      // A flag to be able to tell if the event 'readable'/'data' is emitted
      // immediately, or on a later tick.  We set this to true at first, because
      // any actions that shouldn't happen until "later" should generally also
      // not happen before the first read call.
      sync: makeBitMapDescriptor(kSync),
      // Whenever we return null, then we set a flag to say
      // that we're awaiting a 'readable' event emission.
      needReadable: makeBitMapDescriptor(kNeedReadable),
      emittedReadable: makeBitMapDescriptor(kEmittedReadable),
      readableListening: makeBitMapDescriptor(kReadableListening),
      resumeScheduled: makeBitMapDescriptor(kResumeScheduled),
      // True if the error was already emitted and should not be thrown again.
      errorEmitted: makeBitMapDescriptor(kErrorEmitted),
      emitClose: makeBitMapDescriptor(kEmitClose),
      autoDestroy: makeBitMapDescriptor(kAutoDestroy),
      // Has it been destroyed.
      destroyed: makeBitMapDescriptor(kDestroyed),
      // Indicates whether the stream has finished destroying.
      closed: makeBitMapDescriptor(kClosed),
      // True if close has been emitted or would have been emitted
      // depending on emitClose.
      closeEmitted: makeBitMapDescriptor(kCloseEmitted),
      multiAwaitDrain: makeBitMapDescriptor(kMultiAwaitDrain),
      // If true, a maybeReadMore has been scheduled.
      readingMore: makeBitMapDescriptor(kReadingMore),
      dataEmitted: makeBitMapDescriptor(kDataEmitted)
    });
    function ReadableState(options, stream, isDuplex) {
      if (typeof isDuplex !== "boolean") isDuplex = stream instanceof require_duplex();
      this.state = kEmitClose | kAutoDestroy | kConstructed | kSync;
      if (options && options.objectMode) this.state |= kObjectMode;
      if (isDuplex && options && options.readableObjectMode) this.state |= kObjectMode;
      this.highWaterMark = options ? getHighWaterMark(this, options, "readableHighWaterMark", isDuplex) : getDefaultHighWaterMark(false);
      this.buffer = new BufferList();
      this.length = 0;
      this.pipes = [];
      this.flowing = null;
      this[kPaused] = null;
      if (options && options.emitClose === false) this.state &= ~kEmitClose;
      if (options && options.autoDestroy === false) this.state &= ~kAutoDestroy;
      this.errored = null;
      this.defaultEncoding = options && options.defaultEncoding || "utf8";
      this.awaitDrainWriters = null;
      this.decoder = null;
      this.encoding = null;
      if (options && options.encoding) {
        this.decoder = new StringDecoder(options.encoding);
        this.encoding = options.encoding;
      }
    }
    function Readable3(options) {
      if (!(this instanceof Readable3)) return new Readable3(options);
      const isDuplex = this instanceof require_duplex();
      this._readableState = new ReadableState(options, this, isDuplex);
      if (options) {
        if (typeof options.read === "function") this._read = options.read;
        if (typeof options.destroy === "function") this._destroy = options.destroy;
        if (typeof options.construct === "function") this._construct = options.construct;
        if (options.signal && !isDuplex) addAbortSignal(options.signal, this);
      }
      Stream.call(this, options);
      destroyImpl.construct(this, () => {
        if (this._readableState.needReadable) {
          maybeReadMore(this, this._readableState);
        }
      });
    }
    Readable3.prototype.destroy = destroyImpl.destroy;
    Readable3.prototype._undestroy = destroyImpl.undestroy;
    Readable3.prototype._destroy = function(err, cb) {
      cb(err);
    };
    Readable3.prototype[EE.captureRejectionSymbol] = function(err) {
      this.destroy(err);
    };
    Readable3.prototype[SymbolAsyncDispose] = function() {
      let error;
      if (!this.destroyed) {
        error = this.readableEnded ? null : new AbortError();
        this.destroy(error);
      }
      return new Promise2((resolve2, reject) => eos(this, (err) => err && err !== error ? reject(err) : resolve2(null)));
    };
    Readable3.prototype.push = function(chunk, encoding) {
      return readableAddChunk(this, chunk, encoding, false);
    };
    Readable3.prototype.unshift = function(chunk, encoding) {
      return readableAddChunk(this, chunk, encoding, true);
    };
    function readableAddChunk(stream, chunk, encoding, addToFront) {
      debug("readableAddChunk", chunk);
      const state = stream._readableState;
      let err;
      if ((state.state & kObjectMode) === 0) {
        if (typeof chunk === "string") {
          encoding = encoding || state.defaultEncoding;
          if (state.encoding !== encoding) {
            if (addToFront && state.encoding) {
              chunk = Buffer2.from(chunk, encoding).toString(state.encoding);
            } else {
              chunk = Buffer2.from(chunk, encoding);
              encoding = "";
            }
          }
        } else if (chunk instanceof Buffer2) {
          encoding = "";
        } else if (Stream._isUint8Array(chunk)) {
          chunk = Stream._uint8ArrayToBuffer(chunk);
          encoding = "";
        } else if (chunk != null) {
          err = new ERR_INVALID_ARG_TYPE("chunk", ["string", "Buffer", "Uint8Array"], chunk);
        }
      }
      if (err) {
        errorOrDestroy(stream, err);
      } else if (chunk === null) {
        state.state &= ~kReading;
        onEofChunk(stream, state);
      } else if ((state.state & kObjectMode) !== 0 || chunk && chunk.length > 0) {
        if (addToFront) {
          if ((state.state & kEndEmitted) !== 0) errorOrDestroy(stream, new ERR_STREAM_UNSHIFT_AFTER_END_EVENT());
          else if (state.destroyed || state.errored) return false;
          else addChunk(stream, state, chunk, true);
        } else if (state.ended) {
          errorOrDestroy(stream, new ERR_STREAM_PUSH_AFTER_EOF());
        } else if (state.destroyed || state.errored) {
          return false;
        } else {
          state.state &= ~kReading;
          if (state.decoder && !encoding) {
            chunk = state.decoder.write(chunk);
            if (state.objectMode || chunk.length !== 0) addChunk(stream, state, chunk, false);
            else maybeReadMore(stream, state);
          } else {
            addChunk(stream, state, chunk, false);
          }
        }
      } else if (!addToFront) {
        state.state &= ~kReading;
        maybeReadMore(stream, state);
      }
      return !state.ended && (state.length < state.highWaterMark || state.length === 0);
    }
    function addChunk(stream, state, chunk, addToFront) {
      if (state.flowing && state.length === 0 && !state.sync && stream.listenerCount("data") > 0) {
        if ((state.state & kMultiAwaitDrain) !== 0) {
          state.awaitDrainWriters.clear();
        } else {
          state.awaitDrainWriters = null;
        }
        state.dataEmitted = true;
        stream.emit("data", chunk);
      } else {
        state.length += state.objectMode ? 1 : chunk.length;
        if (addToFront) state.buffer.unshift(chunk);
        else state.buffer.push(chunk);
        if ((state.state & kNeedReadable) !== 0) emitReadable(stream);
      }
      maybeReadMore(stream, state);
    }
    Readable3.prototype.isPaused = function() {
      const state = this._readableState;
      return state[kPaused] === true || state.flowing === false;
    };
    Readable3.prototype.setEncoding = function(enc) {
      const decoder = new StringDecoder(enc);
      this._readableState.decoder = decoder;
      this._readableState.encoding = this._readableState.decoder.encoding;
      const buffer = this._readableState.buffer;
      let content = "";
      for (const data of buffer) {
        content += decoder.write(data);
      }
      buffer.clear();
      if (content !== "") buffer.push(content);
      this._readableState.length = content.length;
      return this;
    };
    var MAX_HWM = 1073741824;
    function computeNewHighWaterMark(n) {
      if (n > MAX_HWM) {
        throw new ERR_OUT_OF_RANGE("size", "<= 1GiB", n);
      } else {
        n--;
        n |= n >>> 1;
        n |= n >>> 2;
        n |= n >>> 4;
        n |= n >>> 8;
        n |= n >>> 16;
        n++;
      }
      return n;
    }
    function howMuchToRead(n, state) {
      if (n <= 0 || state.length === 0 && state.ended) return 0;
      if ((state.state & kObjectMode) !== 0) return 1;
      if (NumberIsNaN(n)) {
        if (state.flowing && state.length) return state.buffer.first().length;
        return state.length;
      }
      if (n <= state.length) return n;
      return state.ended ? state.length : 0;
    }
    Readable3.prototype.read = function(n) {
      debug("read", n);
      if (n === void 0) {
        n = NaN;
      } else if (!NumberIsInteger(n)) {
        n = NumberParseInt(n, 10);
      }
      const state = this._readableState;
      const nOrig = n;
      if (n > state.highWaterMark) state.highWaterMark = computeNewHighWaterMark(n);
      if (n !== 0) state.state &= ~kEmittedReadable;
      if (n === 0 && state.needReadable && ((state.highWaterMark !== 0 ? state.length >= state.highWaterMark : state.length > 0) || state.ended)) {
        debug("read: emitReadable", state.length, state.ended);
        if (state.length === 0 && state.ended) endReadable(this);
        else emitReadable(this);
        return null;
      }
      n = howMuchToRead(n, state);
      if (n === 0 && state.ended) {
        if (state.length === 0) endReadable(this);
        return null;
      }
      let doRead = (state.state & kNeedReadable) !== 0;
      debug("need readable", doRead);
      if (state.length === 0 || state.length - n < state.highWaterMark) {
        doRead = true;
        debug("length less than watermark", doRead);
      }
      if (state.ended || state.reading || state.destroyed || state.errored || !state.constructed) {
        doRead = false;
        debug("reading, ended or constructing", doRead);
      } else if (doRead) {
        debug("do read");
        state.state |= kReading | kSync;
        if (state.length === 0) state.state |= kNeedReadable;
        try {
          this._read(state.highWaterMark);
        } catch (err) {
          errorOrDestroy(this, err);
        }
        state.state &= ~kSync;
        if (!state.reading) n = howMuchToRead(nOrig, state);
      }
      let ret;
      if (n > 0) ret = fromList(n, state);
      else ret = null;
      if (ret === null) {
        state.needReadable = state.length <= state.highWaterMark;
        n = 0;
      } else {
        state.length -= n;
        if (state.multiAwaitDrain) {
          state.awaitDrainWriters.clear();
        } else {
          state.awaitDrainWriters = null;
        }
      }
      if (state.length === 0) {
        if (!state.ended) state.needReadable = true;
        if (nOrig !== n && state.ended) endReadable(this);
      }
      if (ret !== null && !state.errorEmitted && !state.closeEmitted) {
        state.dataEmitted = true;
        this.emit("data", ret);
      }
      return ret;
    };
    function onEofChunk(stream, state) {
      debug("onEofChunk");
      if (state.ended) return;
      if (state.decoder) {
        const chunk = state.decoder.end();
        if (chunk && chunk.length) {
          state.buffer.push(chunk);
          state.length += state.objectMode ? 1 : chunk.length;
        }
      }
      state.ended = true;
      if (state.sync) {
        emitReadable(stream);
      } else {
        state.needReadable = false;
        state.emittedReadable = true;
        emitReadable_(stream);
      }
    }
    function emitReadable(stream) {
      const state = stream._readableState;
      debug("emitReadable", state.needReadable, state.emittedReadable);
      state.needReadable = false;
      if (!state.emittedReadable) {
        debug("emitReadable", state.flowing);
        state.emittedReadable = true;
        process2.nextTick(emitReadable_, stream);
      }
    }
    function emitReadable_(stream) {
      const state = stream._readableState;
      debug("emitReadable_", state.destroyed, state.length, state.ended);
      if (!state.destroyed && !state.errored && (state.length || state.ended)) {
        stream.emit("readable");
        state.emittedReadable = false;
      }
      state.needReadable = !state.flowing && !state.ended && state.length <= state.highWaterMark;
      flow(stream);
    }
    function maybeReadMore(stream, state) {
      if (!state.readingMore && state.constructed) {
        state.readingMore = true;
        process2.nextTick(maybeReadMore_, stream, state);
      }
    }
    function maybeReadMore_(stream, state) {
      while (!state.reading && !state.ended && (state.length < state.highWaterMark || state.flowing && state.length === 0)) {
        const len = state.length;
        debug("maybeReadMore read 0");
        stream.read(0);
        if (len === state.length)
          break;
      }
      state.readingMore = false;
    }
    Readable3.prototype._read = function(n) {
      throw new ERR_METHOD_NOT_IMPLEMENTED("_read()");
    };
    Readable3.prototype.pipe = function(dest, pipeOpts) {
      const src = this;
      const state = this._readableState;
      if (state.pipes.length === 1) {
        if (!state.multiAwaitDrain) {
          state.multiAwaitDrain = true;
          state.awaitDrainWriters = new SafeSet(state.awaitDrainWriters ? [state.awaitDrainWriters] : []);
        }
      }
      state.pipes.push(dest);
      debug("pipe count=%d opts=%j", state.pipes.length, pipeOpts);
      const doEnd = (!pipeOpts || pipeOpts.end !== false) && dest !== process2.stdout && dest !== process2.stderr;
      const endFn = doEnd ? onend : unpipe;
      if (state.endEmitted) process2.nextTick(endFn);
      else src.once("end", endFn);
      dest.on("unpipe", onunpipe);
      function onunpipe(readable, unpipeInfo) {
        debug("onunpipe");
        if (readable === src) {
          if (unpipeInfo && unpipeInfo.hasUnpiped === false) {
            unpipeInfo.hasUnpiped = true;
            cleanup();
          }
        }
      }
      function onend() {
        debug("onend");
        dest.end();
      }
      let ondrain;
      let cleanedUp = false;
      function cleanup() {
        debug("cleanup");
        dest.removeListener("close", onclose);
        dest.removeListener("finish", onfinish);
        if (ondrain) {
          dest.removeListener("drain", ondrain);
        }
        dest.removeListener("error", onerror);
        dest.removeListener("unpipe", onunpipe);
        src.removeListener("end", onend);
        src.removeListener("end", unpipe);
        src.removeListener("data", ondata);
        cleanedUp = true;
        if (ondrain && state.awaitDrainWriters && (!dest._writableState || dest._writableState.needDrain)) ondrain();
      }
      function pause() {
        if (!cleanedUp) {
          if (state.pipes.length === 1 && state.pipes[0] === dest) {
            debug("false write response, pause", 0);
            state.awaitDrainWriters = dest;
            state.multiAwaitDrain = false;
          } else if (state.pipes.length > 1 && state.pipes.includes(dest)) {
            debug("false write response, pause", state.awaitDrainWriters.size);
            state.awaitDrainWriters.add(dest);
          }
          src.pause();
        }
        if (!ondrain) {
          ondrain = pipeOnDrain(src, dest);
          dest.on("drain", ondrain);
        }
      }
      src.on("data", ondata);
      function ondata(chunk) {
        debug("ondata");
        const ret = dest.write(chunk);
        debug("dest.write", ret);
        if (ret === false) {
          pause();
        }
      }
      function onerror(er) {
        debug("onerror", er);
        unpipe();
        dest.removeListener("error", onerror);
        if (dest.listenerCount("error") === 0) {
          const s = dest._writableState || dest._readableState;
          if (s && !s.errorEmitted) {
            errorOrDestroy(dest, er);
          } else {
            dest.emit("error", er);
          }
        }
      }
      prependListener(dest, "error", onerror);
      function onclose() {
        dest.removeListener("finish", onfinish);
        unpipe();
      }
      dest.once("close", onclose);
      function onfinish() {
        debug("onfinish");
        dest.removeListener("close", onclose);
        unpipe();
      }
      dest.once("finish", onfinish);
      function unpipe() {
        debug("unpipe");
        src.unpipe(dest);
      }
      dest.emit("pipe", src);
      if (dest.writableNeedDrain === true) {
        pause();
      } else if (!state.flowing) {
        debug("pipe resume");
        src.resume();
      }
      return dest;
    };
    function pipeOnDrain(src, dest) {
      return function pipeOnDrainFunctionResult() {
        const state = src._readableState;
        if (state.awaitDrainWriters === dest) {
          debug("pipeOnDrain", 1);
          state.awaitDrainWriters = null;
        } else if (state.multiAwaitDrain) {
          debug("pipeOnDrain", state.awaitDrainWriters.size);
          state.awaitDrainWriters.delete(dest);
        }
        if ((!state.awaitDrainWriters || state.awaitDrainWriters.size === 0) && src.listenerCount("data")) {
          src.resume();
        }
      };
    }
    Readable3.prototype.unpipe = function(dest) {
      const state = this._readableState;
      const unpipeInfo = {
        hasUnpiped: false
      };
      if (state.pipes.length === 0) return this;
      if (!dest) {
        const dests = state.pipes;
        state.pipes = [];
        this.pause();
        for (let i = 0; i < dests.length; i++)
          dests[i].emit("unpipe", this, {
            hasUnpiped: false
          });
        return this;
      }
      const index = ArrayPrototypeIndexOf(state.pipes, dest);
      if (index === -1) return this;
      state.pipes.splice(index, 1);
      if (state.pipes.length === 0) this.pause();
      dest.emit("unpipe", this, unpipeInfo);
      return this;
    };
    Readable3.prototype.on = function(ev, fn) {
      const res = Stream.prototype.on.call(this, ev, fn);
      const state = this._readableState;
      if (ev === "data") {
        state.readableListening = this.listenerCount("readable") > 0;
        if (state.flowing !== false) this.resume();
      } else if (ev === "readable") {
        if (!state.endEmitted && !state.readableListening) {
          state.readableListening = state.needReadable = true;
          state.flowing = false;
          state.emittedReadable = false;
          debug("on readable", state.length, state.reading);
          if (state.length) {
            emitReadable(this);
          } else if (!state.reading) {
            process2.nextTick(nReadingNextTick, this);
          }
        }
      }
      return res;
    };
    Readable3.prototype.addListener = Readable3.prototype.on;
    Readable3.prototype.removeListener = function(ev, fn) {
      const res = Stream.prototype.removeListener.call(this, ev, fn);
      if (ev === "readable") {
        process2.nextTick(updateReadableListening, this);
      }
      return res;
    };
    Readable3.prototype.off = Readable3.prototype.removeListener;
    Readable3.prototype.removeAllListeners = function(ev) {
      const res = Stream.prototype.removeAllListeners.apply(this, arguments);
      if (ev === "readable" || ev === void 0) {
        process2.nextTick(updateReadableListening, this);
      }
      return res;
    };
    function updateReadableListening(self2) {
      const state = self2._readableState;
      state.readableListening = self2.listenerCount("readable") > 0;
      if (state.resumeScheduled && state[kPaused] === false) {
        state.flowing = true;
      } else if (self2.listenerCount("data") > 0) {
        self2.resume();
      } else if (!state.readableListening) {
        state.flowing = null;
      }
    }
    function nReadingNextTick(self2) {
      debug("readable nexttick read 0");
      self2.read(0);
    }
    Readable3.prototype.resume = function() {
      const state = this._readableState;
      if (!state.flowing) {
        debug("resume");
        state.flowing = !state.readableListening;
        resume(this, state);
      }
      state[kPaused] = false;
      return this;
    };
    function resume(stream, state) {
      if (!state.resumeScheduled) {
        state.resumeScheduled = true;
        process2.nextTick(resume_, stream, state);
      }
    }
    function resume_(stream, state) {
      debug("resume", state.reading);
      if (!state.reading) {
        stream.read(0);
      }
      state.resumeScheduled = false;
      stream.emit("resume");
      flow(stream);
      if (state.flowing && !state.reading) stream.read(0);
    }
    Readable3.prototype.pause = function() {
      debug("call pause flowing=%j", this._readableState.flowing);
      if (this._readableState.flowing !== false) {
        debug("pause");
        this._readableState.flowing = false;
        this.emit("pause");
      }
      this._readableState[kPaused] = true;
      return this;
    };
    function flow(stream) {
      const state = stream._readableState;
      debug("flow", state.flowing);
      while (state.flowing && stream.read() !== null) ;
    }
    Readable3.prototype.wrap = function(stream) {
      let paused = false;
      stream.on("data", (chunk) => {
        if (!this.push(chunk) && stream.pause) {
          paused = true;
          stream.pause();
        }
      });
      stream.on("end", () => {
        this.push(null);
      });
      stream.on("error", (err) => {
        errorOrDestroy(this, err);
      });
      stream.on("close", () => {
        this.destroy();
      });
      stream.on("destroy", () => {
        this.destroy();
      });
      this._read = () => {
        if (paused && stream.resume) {
          paused = false;
          stream.resume();
        }
      };
      const streamKeys = ObjectKeys(stream);
      for (let j = 1; j < streamKeys.length; j++) {
        const i = streamKeys[j];
        if (this[i] === void 0 && typeof stream[i] === "function") {
          this[i] = stream[i].bind(stream);
        }
      }
      return this;
    };
    Readable3.prototype[SymbolAsyncIterator] = function() {
      return streamToAsyncIterator(this);
    };
    Readable3.prototype.iterator = function(options) {
      if (options !== void 0) {
        validateObject(options, "options");
      }
      return streamToAsyncIterator(this, options);
    };
    function streamToAsyncIterator(stream, options) {
      if (typeof stream.read !== "function") {
        stream = Readable3.wrap(stream, {
          objectMode: true
        });
      }
      const iter = createAsyncIterator(stream, options);
      iter.stream = stream;
      return iter;
    }
    async function* createAsyncIterator(stream, options) {
      let callback = nop;
      function next(resolve2) {
        if (this === stream) {
          callback();
          callback = nop;
        } else {
          callback = resolve2;
        }
      }
      stream.on("readable", next);
      let error;
      const cleanup = eos(
        stream,
        {
          writable: false
        },
        (err) => {
          error = err ? aggregateTwoErrors(error, err) : null;
          callback();
          callback = nop;
        }
      );
      try {
        while (true) {
          const chunk = stream.destroyed ? null : stream.read();
          if (chunk !== null) {
            yield chunk;
          } else if (error) {
            throw error;
          } else if (error === null) {
            return;
          } else {
            await new Promise2(next);
          }
        }
      } catch (err) {
        error = aggregateTwoErrors(error, err);
        throw error;
      } finally {
        if ((error || (options === null || options === void 0 ? void 0 : options.destroyOnReturn) !== false) && (error === void 0 || stream._readableState.autoDestroy)) {
          destroyImpl.destroyer(stream, null);
        } else {
          stream.off("readable", next);
          cleanup();
        }
      }
    }
    ObjectDefineProperties(Readable3.prototype, {
      readable: {
        __proto__: null,
        get() {
          const r = this._readableState;
          return !!r && r.readable !== false && !r.destroyed && !r.errorEmitted && !r.endEmitted;
        },
        set(val) {
          if (this._readableState) {
            this._readableState.readable = !!val;
          }
        }
      },
      readableDidRead: {
        __proto__: null,
        enumerable: false,
        get: function() {
          return this._readableState.dataEmitted;
        }
      },
      readableAborted: {
        __proto__: null,
        enumerable: false,
        get: function() {
          return !!(this._readableState.readable !== false && (this._readableState.destroyed || this._readableState.errored) && !this._readableState.endEmitted);
        }
      },
      readableHighWaterMark: {
        __proto__: null,
        enumerable: false,
        get: function() {
          return this._readableState.highWaterMark;
        }
      },
      readableBuffer: {
        __proto__: null,
        enumerable: false,
        get: function() {
          return this._readableState && this._readableState.buffer;
        }
      },
      readableFlowing: {
        __proto__: null,
        enumerable: false,
        get: function() {
          return this._readableState.flowing;
        },
        set: function(state) {
          if (this._readableState) {
            this._readableState.flowing = state;
          }
        }
      },
      readableLength: {
        __proto__: null,
        enumerable: false,
        get() {
          return this._readableState.length;
        }
      },
      readableObjectMode: {
        __proto__: null,
        enumerable: false,
        get() {
          return this._readableState ? this._readableState.objectMode : false;
        }
      },
      readableEncoding: {
        __proto__: null,
        enumerable: false,
        get() {
          return this._readableState ? this._readableState.encoding : null;
        }
      },
      errored: {
        __proto__: null,
        enumerable: false,
        get() {
          return this._readableState ? this._readableState.errored : null;
        }
      },
      closed: {
        __proto__: null,
        get() {
          return this._readableState ? this._readableState.closed : false;
        }
      },
      destroyed: {
        __proto__: null,
        enumerable: false,
        get() {
          return this._readableState ? this._readableState.destroyed : false;
        },
        set(value) {
          if (!this._readableState) {
            return;
          }
          this._readableState.destroyed = value;
        }
      },
      readableEnded: {
        __proto__: null,
        enumerable: false,
        get() {
          return this._readableState ? this._readableState.endEmitted : false;
        }
      }
    });
    ObjectDefineProperties(ReadableState.prototype, {
      // Legacy getter for `pipesCount`.
      pipesCount: {
        __proto__: null,
        get() {
          return this.pipes.length;
        }
      },
      // Legacy property for `paused`.
      paused: {
        __proto__: null,
        get() {
          return this[kPaused] !== false;
        },
        set(value) {
          this[kPaused] = !!value;
        }
      }
    });
    Readable3._fromList = fromList;
    function fromList(n, state) {
      if (state.length === 0) return null;
      let ret;
      if (state.objectMode) ret = state.buffer.shift();
      else if (!n || n >= state.length) {
        if (state.decoder) ret = state.buffer.join("");
        else if (state.buffer.length === 1) ret = state.buffer.first();
        else ret = state.buffer.concat(state.length);
        state.buffer.clear();
      } else {
        ret = state.buffer.consume(n, state.decoder);
      }
      return ret;
    }
    function endReadable(stream) {
      const state = stream._readableState;
      debug("endReadable", state.endEmitted);
      if (!state.endEmitted) {
        state.ended = true;
        process2.nextTick(endReadableNT, state, stream);
      }
    }
    function endReadableNT(state, stream) {
      debug("endReadableNT", state.endEmitted, state.length);
      if (!state.errored && !state.closeEmitted && !state.endEmitted && state.length === 0) {
        state.endEmitted = true;
        stream.emit("end");
        if (stream.writable && stream.allowHalfOpen === false) {
          process2.nextTick(endWritableNT, stream);
        } else if (state.autoDestroy) {
          const wState = stream._writableState;
          const autoDestroy = !wState || wState.autoDestroy && // We don't expect the writable to ever 'finish'
          // if writable is explicitly set to false.
          (wState.finished || wState.writable === false);
          if (autoDestroy) {
            stream.destroy();
          }
        }
      }
    }
    function endWritableNT(stream) {
      const writable = stream.writable && !stream.writableEnded && !stream.destroyed;
      if (writable) {
        stream.end();
      }
    }
    Readable3.from = function(iterable, opts) {
      return from(Readable3, iterable, opts);
    };
    var webStreamsAdapters;
    function lazyWebStreams() {
      if (webStreamsAdapters === void 0) webStreamsAdapters = {};
      return webStreamsAdapters;
    }
    Readable3.fromWeb = function(readableStream, options) {
      return lazyWebStreams().newStreamReadableFromReadableStream(readableStream, options);
    };
    Readable3.toWeb = function(streamReadable, options) {
      return lazyWebStreams().newReadableStreamFromStreamReadable(streamReadable, options);
    };
    Readable3.wrap = function(src, options) {
      var _ref, _src$readableObjectMo;
      return new Readable3({
        objectMode: (_ref = (_src$readableObjectMo = src.readableObjectMode) !== null && _src$readableObjectMo !== void 0 ? _src$readableObjectMo : src.objectMode) !== null && _ref !== void 0 ? _ref : true,
        ...options,
        destroy(err, callback) {
          destroyImpl.destroyer(src, err);
          callback(err);
        }
      }).wrap(src);
    };
  }
});

// node_modules/readable-stream/lib/internal/streams/writable.js
var require_writable = __commonJS({
  "node_modules/readable-stream/lib/internal/streams/writable.js"(exports2, module2) {
    "use strict";
    var process2 = require_process2();
    var {
      ArrayPrototypeSlice,
      Error: Error2,
      FunctionPrototypeSymbolHasInstance,
      ObjectDefineProperty,
      ObjectDefineProperties,
      ObjectSetPrototypeOf,
      StringPrototypeToLowerCase,
      Symbol: Symbol2,
      SymbolHasInstance
    } = require_primordials();
    module2.exports = Writable;
    Writable.WritableState = WritableState;
    var { EventEmitter: EE } = require("events");
    var Stream = require_legacy().Stream;
    var { Buffer: Buffer2 } = require("buffer");
    var destroyImpl = require_destroy();
    var { addAbortSignal } = require_add_abort_signal();
    var { getHighWaterMark, getDefaultHighWaterMark } = require_state();
    var {
      ERR_INVALID_ARG_TYPE,
      ERR_METHOD_NOT_IMPLEMENTED,
      ERR_MULTIPLE_CALLBACK,
      ERR_STREAM_CANNOT_PIPE,
      ERR_STREAM_DESTROYED,
      ERR_STREAM_ALREADY_FINISHED,
      ERR_STREAM_NULL_VALUES,
      ERR_STREAM_WRITE_AFTER_END,
      ERR_UNKNOWN_ENCODING
    } = require_errors().codes;
    var { errorOrDestroy } = destroyImpl;
    ObjectSetPrototypeOf(Writable.prototype, Stream.prototype);
    ObjectSetPrototypeOf(Writable, Stream);
    function nop() {
    }
    var kOnFinished = Symbol2("kOnFinished");
    function WritableState(options, stream, isDuplex) {
      if (typeof isDuplex !== "boolean") isDuplex = stream instanceof require_duplex();
      this.objectMode = !!(options && options.objectMode);
      if (isDuplex) this.objectMode = this.objectMode || !!(options && options.writableObjectMode);
      this.highWaterMark = options ? getHighWaterMark(this, options, "writableHighWaterMark", isDuplex) : getDefaultHighWaterMark(false);
      this.finalCalled = false;
      this.needDrain = false;
      this.ending = false;
      this.ended = false;
      this.finished = false;
      this.destroyed = false;
      const noDecode = !!(options && options.decodeStrings === false);
      this.decodeStrings = !noDecode;
      this.defaultEncoding = options && options.defaultEncoding || "utf8";
      this.length = 0;
      this.writing = false;
      this.corked = 0;
      this.sync = true;
      this.bufferProcessing = false;
      this.onwrite = onwrite.bind(void 0, stream);
      this.writecb = null;
      this.writelen = 0;
      this.afterWriteTickInfo = null;
      resetBuffer(this);
      this.pendingcb = 0;
      this.constructed = true;
      this.prefinished = false;
      this.errorEmitted = false;
      this.emitClose = !options || options.emitClose !== false;
      this.autoDestroy = !options || options.autoDestroy !== false;
      this.errored = null;
      this.closed = false;
      this.closeEmitted = false;
      this[kOnFinished] = [];
    }
    function resetBuffer(state) {
      state.buffered = [];
      state.bufferedIndex = 0;
      state.allBuffers = true;
      state.allNoop = true;
    }
    WritableState.prototype.getBuffer = function getBuffer() {
      return ArrayPrototypeSlice(this.buffered, this.bufferedIndex);
    };
    ObjectDefineProperty(WritableState.prototype, "bufferedRequestCount", {
      __proto__: null,
      get() {
        return this.buffered.length - this.bufferedIndex;
      }
    });
    function Writable(options) {
      const isDuplex = this instanceof require_duplex();
      if (!isDuplex && !FunctionPrototypeSymbolHasInstance(Writable, this)) return new Writable(options);
      this._writableState = new WritableState(options, this, isDuplex);
      if (options) {
        if (typeof options.write === "function") this._write = options.write;
        if (typeof options.writev === "function") this._writev = options.writev;
        if (typeof options.destroy === "function") this._destroy = options.destroy;
        if (typeof options.final === "function") this._final = options.final;
        if (typeof options.construct === "function") this._construct = options.construct;
        if (options.signal) addAbortSignal(options.signal, this);
      }
      Stream.call(this, options);
      destroyImpl.construct(this, () => {
        const state = this._writableState;
        if (!state.writing) {
          clearBuffer(this, state);
        }
        finishMaybe(this, state);
      });
    }
    ObjectDefineProperty(Writable, SymbolHasInstance, {
      __proto__: null,
      value: function(object) {
        if (FunctionPrototypeSymbolHasInstance(this, object)) return true;
        if (this !== Writable) return false;
        return object && object._writableState instanceof WritableState;
      }
    });
    Writable.prototype.pipe = function() {
      errorOrDestroy(this, new ERR_STREAM_CANNOT_PIPE());
    };
    function _write(stream, chunk, encoding, cb) {
      const state = stream._writableState;
      if (typeof encoding === "function") {
        cb = encoding;
        encoding = state.defaultEncoding;
      } else {
        if (!encoding) encoding = state.defaultEncoding;
        else if (encoding !== "buffer" && !Buffer2.isEncoding(encoding)) throw new ERR_UNKNOWN_ENCODING(encoding);
        if (typeof cb !== "function") cb = nop;
      }
      if (chunk === null) {
        throw new ERR_STREAM_NULL_VALUES();
      } else if (!state.objectMode) {
        if (typeof chunk === "string") {
          if (state.decodeStrings !== false) {
            chunk = Buffer2.from(chunk, encoding);
            encoding = "buffer";
          }
        } else if (chunk instanceof Buffer2) {
          encoding = "buffer";
        } else if (Stream._isUint8Array(chunk)) {
          chunk = Stream._uint8ArrayToBuffer(chunk);
          encoding = "buffer";
        } else {
          throw new ERR_INVALID_ARG_TYPE("chunk", ["string", "Buffer", "Uint8Array"], chunk);
        }
      }
      let err;
      if (state.ending) {
        err = new ERR_STREAM_WRITE_AFTER_END();
      } else if (state.destroyed) {
        err = new ERR_STREAM_DESTROYED("write");
      }
      if (err) {
        process2.nextTick(cb, err);
        errorOrDestroy(stream, err, true);
        return err;
      }
      state.pendingcb++;
      return writeOrBuffer(stream, state, chunk, encoding, cb);
    }
    Writable.prototype.write = function(chunk, encoding, cb) {
      return _write(this, chunk, encoding, cb) === true;
    };
    Writable.prototype.cork = function() {
      this._writableState.corked++;
    };
    Writable.prototype.uncork = function() {
      const state = this._writableState;
      if (state.corked) {
        state.corked--;
        if (!state.writing) clearBuffer(this, state);
      }
    };
    Writable.prototype.setDefaultEncoding = function setDefaultEncoding(encoding) {
      if (typeof encoding === "string") encoding = StringPrototypeToLowerCase(encoding);
      if (!Buffer2.isEncoding(encoding)) throw new ERR_UNKNOWN_ENCODING(encoding);
      this._writableState.defaultEncoding = encoding;
      return this;
    };
    function writeOrBuffer(stream, state, chunk, encoding, callback) {
      const len = state.objectMode ? 1 : chunk.length;
      state.length += len;
      const ret = state.length < state.highWaterMark;
      if (!ret) state.needDrain = true;
      if (state.writing || state.corked || state.errored || !state.constructed) {
        state.buffered.push({
          chunk,
          encoding,
          callback
        });
        if (state.allBuffers && encoding !== "buffer") {
          state.allBuffers = false;
        }
        if (state.allNoop && callback !== nop) {
          state.allNoop = false;
        }
      } else {
        state.writelen = len;
        state.writecb = callback;
        state.writing = true;
        state.sync = true;
        stream._write(chunk, encoding, state.onwrite);
        state.sync = false;
      }
      return ret && !state.errored && !state.destroyed;
    }
    function doWrite(stream, state, writev, len, chunk, encoding, cb) {
      state.writelen = len;
      state.writecb = cb;
      state.writing = true;
      state.sync = true;
      if (state.destroyed) state.onwrite(new ERR_STREAM_DESTROYED("write"));
      else if (writev) stream._writev(chunk, state.onwrite);
      else stream._write(chunk, encoding, state.onwrite);
      state.sync = false;
    }
    function onwriteError(stream, state, er, cb) {
      --state.pendingcb;
      cb(er);
      errorBuffer(state);
      errorOrDestroy(stream, er);
    }
    function onwrite(stream, er) {
      const state = stream._writableState;
      const sync = state.sync;
      const cb = state.writecb;
      if (typeof cb !== "function") {
        errorOrDestroy(stream, new ERR_MULTIPLE_CALLBACK());
        return;
      }
      state.writing = false;
      state.writecb = null;
      state.length -= state.writelen;
      state.writelen = 0;
      if (er) {
        er.stack;
        if (!state.errored) {
          state.errored = er;
        }
        if (stream._readableState && !stream._readableState.errored) {
          stream._readableState.errored = er;
        }
        if (sync) {
          process2.nextTick(onwriteError, stream, state, er, cb);
        } else {
          onwriteError(stream, state, er, cb);
        }
      } else {
        if (state.buffered.length > state.bufferedIndex) {
          clearBuffer(stream, state);
        }
        if (sync) {
          if (state.afterWriteTickInfo !== null && state.afterWriteTickInfo.cb === cb) {
            state.afterWriteTickInfo.count++;
          } else {
            state.afterWriteTickInfo = {
              count: 1,
              cb,
              stream,
              state
            };
            process2.nextTick(afterWriteTick, state.afterWriteTickInfo);
          }
        } else {
          afterWrite(stream, state, 1, cb);
        }
      }
    }
    function afterWriteTick({ stream, state, count, cb }) {
      state.afterWriteTickInfo = null;
      return afterWrite(stream, state, count, cb);
    }
    function afterWrite(stream, state, count, cb) {
      const needDrain = !state.ending && !stream.destroyed && state.length === 0 && state.needDrain;
      if (needDrain) {
        state.needDrain = false;
        stream.emit("drain");
      }
      while (count-- > 0) {
        state.pendingcb--;
        cb();
      }
      if (state.destroyed) {
        errorBuffer(state);
      }
      finishMaybe(stream, state);
    }
    function errorBuffer(state) {
      if (state.writing) {
        return;
      }
      for (let n = state.bufferedIndex; n < state.buffered.length; ++n) {
        var _state$errored;
        const { chunk, callback } = state.buffered[n];
        const len = state.objectMode ? 1 : chunk.length;
        state.length -= len;
        callback(
          (_state$errored = state.errored) !== null && _state$errored !== void 0 ? _state$errored : new ERR_STREAM_DESTROYED("write")
        );
      }
      const onfinishCallbacks = state[kOnFinished].splice(0);
      for (let i = 0; i < onfinishCallbacks.length; i++) {
        var _state$errored2;
        onfinishCallbacks[i](
          (_state$errored2 = state.errored) !== null && _state$errored2 !== void 0 ? _state$errored2 : new ERR_STREAM_DESTROYED("end")
        );
      }
      resetBuffer(state);
    }
    function clearBuffer(stream, state) {
      if (state.corked || state.bufferProcessing || state.destroyed || !state.constructed) {
        return;
      }
      const { buffered, bufferedIndex, objectMode } = state;
      const bufferedLength = buffered.length - bufferedIndex;
      if (!bufferedLength) {
        return;
      }
      let i = bufferedIndex;
      state.bufferProcessing = true;
      if (bufferedLength > 1 && stream._writev) {
        state.pendingcb -= bufferedLength - 1;
        const callback = state.allNoop ? nop : (err) => {
          for (let n = i; n < buffered.length; ++n) {
            buffered[n].callback(err);
          }
        };
        const chunks = state.allNoop && i === 0 ? buffered : ArrayPrototypeSlice(buffered, i);
        chunks.allBuffers = state.allBuffers;
        doWrite(stream, state, true, state.length, chunks, "", callback);
        resetBuffer(state);
      } else {
        do {
          const { chunk, encoding, callback } = buffered[i];
          buffered[i++] = null;
          const len = objectMode ? 1 : chunk.length;
          doWrite(stream, state, false, len, chunk, encoding, callback);
        } while (i < buffered.length && !state.writing);
        if (i === buffered.length) {
          resetBuffer(state);
        } else if (i > 256) {
          buffered.splice(0, i);
          state.bufferedIndex = 0;
        } else {
          state.bufferedIndex = i;
        }
      }
      state.bufferProcessing = false;
    }
    Writable.prototype._write = function(chunk, encoding, cb) {
      if (this._writev) {
        this._writev(
          [
            {
              chunk,
              encoding
            }
          ],
          cb
        );
      } else {
        throw new ERR_METHOD_NOT_IMPLEMENTED("_write()");
      }
    };
    Writable.prototype._writev = null;
    Writable.prototype.end = function(chunk, encoding, cb) {
      const state = this._writableState;
      if (typeof chunk === "function") {
        cb = chunk;
        chunk = null;
        encoding = null;
      } else if (typeof encoding === "function") {
        cb = encoding;
        encoding = null;
      }
      let err;
      if (chunk !== null && chunk !== void 0) {
        const ret = _write(this, chunk, encoding);
        if (ret instanceof Error2) {
          err = ret;
        }
      }
      if (state.corked) {
        state.corked = 1;
        this.uncork();
      }
      if (err) {
      } else if (!state.errored && !state.ending) {
        state.ending = true;
        finishMaybe(this, state, true);
        state.ended = true;
      } else if (state.finished) {
        err = new ERR_STREAM_ALREADY_FINISHED("end");
      } else if (state.destroyed) {
        err = new ERR_STREAM_DESTROYED("end");
      }
      if (typeof cb === "function") {
        if (err || state.finished) {
          process2.nextTick(cb, err);
        } else {
          state[kOnFinished].push(cb);
        }
      }
      return this;
    };
    function needFinish(state) {
      return state.ending && !state.destroyed && state.constructed && state.length === 0 && !state.errored && state.buffered.length === 0 && !state.finished && !state.writing && !state.errorEmitted && !state.closeEmitted;
    }
    function callFinal(stream, state) {
      let called = false;
      function onFinish(err) {
        if (called) {
          errorOrDestroy(stream, err !== null && err !== void 0 ? err : ERR_MULTIPLE_CALLBACK());
          return;
        }
        called = true;
        state.pendingcb--;
        if (err) {
          const onfinishCallbacks = state[kOnFinished].splice(0);
          for (let i = 0; i < onfinishCallbacks.length; i++) {
            onfinishCallbacks[i](err);
          }
          errorOrDestroy(stream, err, state.sync);
        } else if (needFinish(state)) {
          state.prefinished = true;
          stream.emit("prefinish");
          state.pendingcb++;
          process2.nextTick(finish2, stream, state);
        }
      }
      state.sync = true;
      state.pendingcb++;
      try {
        stream._final(onFinish);
      } catch (err) {
        onFinish(err);
      }
      state.sync = false;
    }
    function prefinish(stream, state) {
      if (!state.prefinished && !state.finalCalled) {
        if (typeof stream._final === "function" && !state.destroyed) {
          state.finalCalled = true;
          callFinal(stream, state);
        } else {
          state.prefinished = true;
          stream.emit("prefinish");
        }
      }
    }
    function finishMaybe(stream, state, sync) {
      if (needFinish(state)) {
        prefinish(stream, state);
        if (state.pendingcb === 0) {
          if (sync) {
            state.pendingcb++;
            process2.nextTick(
              (stream2, state2) => {
                if (needFinish(state2)) {
                  finish2(stream2, state2);
                } else {
                  state2.pendingcb--;
                }
              },
              stream,
              state
            );
          } else if (needFinish(state)) {
            state.pendingcb++;
            finish2(stream, state);
          }
        }
      }
    }
    function finish2(stream, state) {
      state.pendingcb--;
      state.finished = true;
      const onfinishCallbacks = state[kOnFinished].splice(0);
      for (let i = 0; i < onfinishCallbacks.length; i++) {
        onfinishCallbacks[i]();
      }
      stream.emit("finish");
      if (state.autoDestroy) {
        const rState = stream._readableState;
        const autoDestroy = !rState || rState.autoDestroy && // We don't expect the readable to ever 'end'
        // if readable is explicitly set to false.
        (rState.endEmitted || rState.readable === false);
        if (autoDestroy) {
          stream.destroy();
        }
      }
    }
    ObjectDefineProperties(Writable.prototype, {
      closed: {
        __proto__: null,
        get() {
          return this._writableState ? this._writableState.closed : false;
        }
      },
      destroyed: {
        __proto__: null,
        get() {
          return this._writableState ? this._writableState.destroyed : false;
        },
        set(value) {
          if (this._writableState) {
            this._writableState.destroyed = value;
          }
        }
      },
      writable: {
        __proto__: null,
        get() {
          const w = this._writableState;
          return !!w && w.writable !== false && !w.destroyed && !w.errored && !w.ending && !w.ended;
        },
        set(val) {
          if (this._writableState) {
            this._writableState.writable = !!val;
          }
        }
      },
      writableFinished: {
        __proto__: null,
        get() {
          return this._writableState ? this._writableState.finished : false;
        }
      },
      writableObjectMode: {
        __proto__: null,
        get() {
          return this._writableState ? this._writableState.objectMode : false;
        }
      },
      writableBuffer: {
        __proto__: null,
        get() {
          return this._writableState && this._writableState.getBuffer();
        }
      },
      writableEnded: {
        __proto__: null,
        get() {
          return this._writableState ? this._writableState.ending : false;
        }
      },
      writableNeedDrain: {
        __proto__: null,
        get() {
          const wState = this._writableState;
          if (!wState) return false;
          return !wState.destroyed && !wState.ending && wState.needDrain;
        }
      },
      writableHighWaterMark: {
        __proto__: null,
        get() {
          return this._writableState && this._writableState.highWaterMark;
        }
      },
      writableCorked: {
        __proto__: null,
        get() {
          return this._writableState ? this._writableState.corked : 0;
        }
      },
      writableLength: {
        __proto__: null,
        get() {
          return this._writableState && this._writableState.length;
        }
      },
      errored: {
        __proto__: null,
        enumerable: false,
        get() {
          return this._writableState ? this._writableState.errored : null;
        }
      },
      writableAborted: {
        __proto__: null,
        enumerable: false,
        get: function() {
          return !!(this._writableState.writable !== false && (this._writableState.destroyed || this._writableState.errored) && !this._writableState.finished);
        }
      }
    });
    var destroy = destroyImpl.destroy;
    Writable.prototype.destroy = function(err, cb) {
      const state = this._writableState;
      if (!state.destroyed && (state.bufferedIndex < state.buffered.length || state[kOnFinished].length)) {
        process2.nextTick(errorBuffer, state);
      }
      destroy.call(this, err, cb);
      return this;
    };
    Writable.prototype._undestroy = destroyImpl.undestroy;
    Writable.prototype._destroy = function(err, cb) {
      cb(err);
    };
    Writable.prototype[EE.captureRejectionSymbol] = function(err) {
      this.destroy(err);
    };
    var webStreamsAdapters;
    function lazyWebStreams() {
      if (webStreamsAdapters === void 0) webStreamsAdapters = {};
      return webStreamsAdapters;
    }
    Writable.fromWeb = function(writableStream, options) {
      return lazyWebStreams().newStreamWritableFromWritableStream(writableStream, options);
    };
    Writable.toWeb = function(streamWritable) {
      return lazyWebStreams().newWritableStreamFromStreamWritable(streamWritable);
    };
  }
});

// node_modules/readable-stream/lib/internal/streams/duplexify.js
var require_duplexify = __commonJS({
  "node_modules/readable-stream/lib/internal/streams/duplexify.js"(exports2, module2) {
    var process2 = require_process2();
    var bufferModule = require("buffer");
    var {
      isReadable,
      isWritable,
      isIterable,
      isNodeStream,
      isReadableNodeStream,
      isWritableNodeStream,
      isDuplexNodeStream,
      isReadableStream,
      isWritableStream
    } = require_utils3();
    var eos = require_end_of_stream();
    var {
      AbortError,
      codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_RETURN_VALUE }
    } = require_errors();
    var { destroyer } = require_destroy();
    var Duplex = require_duplex();
    var Readable3 = require_readable();
    var Writable = require_writable();
    var { createDeferredPromise } = require_util();
    var from = require_from();
    var Blob = globalThis.Blob || bufferModule.Blob;
    var isBlob = typeof Blob !== "undefined" ? function isBlob2(b) {
      return b instanceof Blob;
    } : function isBlob2(b) {
      return false;
    };
    var AbortController = globalThis.AbortController || require_abort_controller().AbortController;
    var { FunctionPrototypeCall } = require_primordials();
    var Duplexify = class extends Duplex {
      constructor(options) {
        super(options);
        if ((options === null || options === void 0 ? void 0 : options.readable) === false) {
          this._readableState.readable = false;
          this._readableState.ended = true;
          this._readableState.endEmitted = true;
        }
        if ((options === null || options === void 0 ? void 0 : options.writable) === false) {
          this._writableState.writable = false;
          this._writableState.ending = true;
          this._writableState.ended = true;
          this._writableState.finished = true;
        }
      }
    };
    module2.exports = function duplexify(body, name) {
      if (isDuplexNodeStream(body)) {
        return body;
      }
      if (isReadableNodeStream(body)) {
        return _duplexify({
          readable: body
        });
      }
      if (isWritableNodeStream(body)) {
        return _duplexify({
          writable: body
        });
      }
      if (isNodeStream(body)) {
        return _duplexify({
          writable: false,
          readable: false
        });
      }
      if (isReadableStream(body)) {
        return _duplexify({
          readable: Readable3.fromWeb(body)
        });
      }
      if (isWritableStream(body)) {
        return _duplexify({
          writable: Writable.fromWeb(body)
        });
      }
      if (typeof body === "function") {
        const { value, write: write2, final, destroy } = fromAsyncGen(body);
        if (isIterable(value)) {
          return from(Duplexify, value, {
            // TODO (ronag): highWaterMark?
            objectMode: true,
            write: write2,
            final,
            destroy
          });
        }
        const then2 = value === null || value === void 0 ? void 0 : value.then;
        if (typeof then2 === "function") {
          let d;
          const promise = FunctionPrototypeCall(
            then2,
            value,
            (val) => {
              if (val != null) {
                throw new ERR_INVALID_RETURN_VALUE("nully", "body", val);
              }
            },
            (err) => {
              destroyer(d, err);
            }
          );
          return d = new Duplexify({
            // TODO (ronag): highWaterMark?
            objectMode: true,
            readable: false,
            write: write2,
            final(cb) {
              final(async () => {
                try {
                  await promise;
                  process2.nextTick(cb, null);
                } catch (err) {
                  process2.nextTick(cb, err);
                }
              });
            },
            destroy
          });
        }
        throw new ERR_INVALID_RETURN_VALUE("Iterable, AsyncIterable or AsyncFunction", name, value);
      }
      if (isBlob(body)) {
        return duplexify(body.arrayBuffer());
      }
      if (isIterable(body)) {
        return from(Duplexify, body, {
          // TODO (ronag): highWaterMark?
          objectMode: true,
          writable: false
        });
      }
      if (isReadableStream(body === null || body === void 0 ? void 0 : body.readable) && isWritableStream(body === null || body === void 0 ? void 0 : body.writable)) {
        return Duplexify.fromWeb(body);
      }
      if (typeof (body === null || body === void 0 ? void 0 : body.writable) === "object" || typeof (body === null || body === void 0 ? void 0 : body.readable) === "object") {
        const readable = body !== null && body !== void 0 && body.readable ? isReadableNodeStream(body === null || body === void 0 ? void 0 : body.readable) ? body === null || body === void 0 ? void 0 : body.readable : duplexify(body.readable) : void 0;
        const writable = body !== null && body !== void 0 && body.writable ? isWritableNodeStream(body === null || body === void 0 ? void 0 : body.writable) ? body === null || body === void 0 ? void 0 : body.writable : duplexify(body.writable) : void 0;
        return _duplexify({
          readable,
          writable
        });
      }
      const then = body === null || body === void 0 ? void 0 : body.then;
      if (typeof then === "function") {
        let d;
        FunctionPrototypeCall(
          then,
          body,
          (val) => {
            if (val != null) {
              d.push(val);
            }
            d.push(null);
          },
          (err) => {
            destroyer(d, err);
          }
        );
        return d = new Duplexify({
          objectMode: true,
          writable: false,
          read() {
          }
        });
      }
      throw new ERR_INVALID_ARG_TYPE(
        name,
        [
          "Blob",
          "ReadableStream",
          "WritableStream",
          "Stream",
          "Iterable",
          "AsyncIterable",
          "Function",
          "{ readable, writable } pair",
          "Promise"
        ],
        body
      );
    };
    function fromAsyncGen(fn) {
      let { promise, resolve: resolve2 } = createDeferredPromise();
      const ac = new AbortController();
      const signal = ac.signal;
      const value = fn(
        (async function* () {
          while (true) {
            const _promise = promise;
            promise = null;
            const { chunk, done, cb } = await _promise;
            process2.nextTick(cb);
            if (done) return;
            if (signal.aborted)
              throw new AbortError(void 0, {
                cause: signal.reason
              });
            ({ promise, resolve: resolve2 } = createDeferredPromise());
            yield chunk;
          }
        })(),
        {
          signal
        }
      );
      return {
        value,
        write(chunk, encoding, cb) {
          const _resolve = resolve2;
          resolve2 = null;
          _resolve({
            chunk,
            done: false,
            cb
          });
        },
        final(cb) {
          const _resolve = resolve2;
          resolve2 = null;
          _resolve({
            done: true,
            cb
          });
        },
        destroy(err, cb) {
          ac.abort();
          cb(err);
        }
      };
    }
    function _duplexify(pair) {
      const r = pair.readable && typeof pair.readable.read !== "function" ? Readable3.wrap(pair.readable) : pair.readable;
      const w = pair.writable;
      let readable = !!isReadable(r);
      let writable = !!isWritable(w);
      let ondrain;
      let onfinish;
      let onreadable;
      let onclose;
      let d;
      function onfinished(err) {
        const cb = onclose;
        onclose = null;
        if (cb) {
          cb(err);
        } else if (err) {
          d.destroy(err);
        }
      }
      d = new Duplexify({
        // TODO (ronag): highWaterMark?
        readableObjectMode: !!(r !== null && r !== void 0 && r.readableObjectMode),
        writableObjectMode: !!(w !== null && w !== void 0 && w.writableObjectMode),
        readable,
        writable
      });
      if (writable) {
        eos(w, (err) => {
          writable = false;
          if (err) {
            destroyer(r, err);
          }
          onfinished(err);
        });
        d._write = function(chunk, encoding, callback) {
          if (w.write(chunk, encoding)) {
            callback();
          } else {
            ondrain = callback;
          }
        };
        d._final = function(callback) {
          w.end();
          onfinish = callback;
        };
        w.on("drain", function() {
          if (ondrain) {
            const cb = ondrain;
            ondrain = null;
            cb();
          }
        });
        w.on("finish", function() {
          if (onfinish) {
            const cb = onfinish;
            onfinish = null;
            cb();
          }
        });
      }
      if (readable) {
        eos(r, (err) => {
          readable = false;
          if (err) {
            destroyer(r, err);
          }
          onfinished(err);
        });
        r.on("readable", function() {
          if (onreadable) {
            const cb = onreadable;
            onreadable = null;
            cb();
          }
        });
        r.on("end", function() {
          d.push(null);
        });
        d._read = function() {
          while (true) {
            const buf = r.read();
            if (buf === null) {
              onreadable = d._read;
              return;
            }
            if (!d.push(buf)) {
              return;
            }
          }
        };
      }
      d._destroy = function(err, callback) {
        if (!err && onclose !== null) {
          err = new AbortError();
        }
        onreadable = null;
        ondrain = null;
        onfinish = null;
        if (onclose === null) {
          callback(err);
        } else {
          onclose = callback;
          destroyer(w, err);
          destroyer(r, err);
        }
      };
      return d;
    }
  }
});

// node_modules/readable-stream/lib/internal/streams/duplex.js
var require_duplex = __commonJS({
  "node_modules/readable-stream/lib/internal/streams/duplex.js"(exports2, module2) {
    "use strict";
    var {
      ObjectDefineProperties,
      ObjectGetOwnPropertyDescriptor,
      ObjectKeys,
      ObjectSetPrototypeOf
    } = require_primordials();
    module2.exports = Duplex;
    var Readable3 = require_readable();
    var Writable = require_writable();
    ObjectSetPrototypeOf(Duplex.prototype, Readable3.prototype);
    ObjectSetPrototypeOf(Duplex, Readable3);
    {
      const keys = ObjectKeys(Writable.prototype);
      for (let i = 0; i < keys.length; i++) {
        const method = keys[i];
        if (!Duplex.prototype[method]) Duplex.prototype[method] = Writable.prototype[method];
      }
    }
    function Duplex(options) {
      if (!(this instanceof Duplex)) return new Duplex(options);
      Readable3.call(this, options);
      Writable.call(this, options);
      if (options) {
        this.allowHalfOpen = options.allowHalfOpen !== false;
        if (options.readable === false) {
          this._readableState.readable = false;
          this._readableState.ended = true;
          this._readableState.endEmitted = true;
        }
        if (options.writable === false) {
          this._writableState.writable = false;
          this._writableState.ending = true;
          this._writableState.ended = true;
          this._writableState.finished = true;
        }
      } else {
        this.allowHalfOpen = true;
      }
    }
    ObjectDefineProperties(Duplex.prototype, {
      writable: {
        __proto__: null,
        ...ObjectGetOwnPropertyDescriptor(Writable.prototype, "writable")
      },
      writableHighWaterMark: {
        __proto__: null,
        ...ObjectGetOwnPropertyDescriptor(Writable.prototype, "writableHighWaterMark")
      },
      writableObjectMode: {
        __proto__: null,
        ...ObjectGetOwnPropertyDescriptor(Writable.prototype, "writableObjectMode")
      },
      writableBuffer: {
        __proto__: null,
        ...ObjectGetOwnPropertyDescriptor(Writable.prototype, "writableBuffer")
      },
      writableLength: {
        __proto__: null,
        ...ObjectGetOwnPropertyDescriptor(Writable.prototype, "writableLength")
      },
      writableFinished: {
        __proto__: null,
        ...ObjectGetOwnPropertyDescriptor(Writable.prototype, "writableFinished")
      },
      writableCorked: {
        __proto__: null,
        ...ObjectGetOwnPropertyDescriptor(Writable.prototype, "writableCorked")
      },
      writableEnded: {
        __proto__: null,
        ...ObjectGetOwnPropertyDescriptor(Writable.prototype, "writableEnded")
      },
      writableNeedDrain: {
        __proto__: null,
        ...ObjectGetOwnPropertyDescriptor(Writable.prototype, "writableNeedDrain")
      },
      destroyed: {
        __proto__: null,
        get() {
          if (this._readableState === void 0 || this._writableState === void 0) {
            return false;
          }
          return this._readableState.destroyed && this._writableState.destroyed;
        },
        set(value) {
          if (this._readableState && this._writableState) {
            this._readableState.destroyed = value;
            this._writableState.destroyed = value;
          }
        }
      }
    });
    var webStreamsAdapters;
    function lazyWebStreams() {
      if (webStreamsAdapters === void 0) webStreamsAdapters = {};
      return webStreamsAdapters;
    }
    Duplex.fromWeb = function(pair, options) {
      return lazyWebStreams().newStreamDuplexFromReadableWritablePair(pair, options);
    };
    Duplex.toWeb = function(duplex) {
      return lazyWebStreams().newReadableWritablePairFromDuplex(duplex);
    };
    var duplexify;
    Duplex.from = function(body) {
      if (!duplexify) {
        duplexify = require_duplexify();
      }
      return duplexify(body, "body");
    };
  }
});

// node_modules/readable-stream/lib/internal/streams/transform.js
var require_transform = __commonJS({
  "node_modules/readable-stream/lib/internal/streams/transform.js"(exports2, module2) {
    "use strict";
    var { ObjectSetPrototypeOf, Symbol: Symbol2 } = require_primordials();
    module2.exports = Transform2;
    var { ERR_METHOD_NOT_IMPLEMENTED } = require_errors().codes;
    var Duplex = require_duplex();
    var { getHighWaterMark } = require_state();
    ObjectSetPrototypeOf(Transform2.prototype, Duplex.prototype);
    ObjectSetPrototypeOf(Transform2, Duplex);
    var kCallback = Symbol2("kCallback");
    function Transform2(options) {
      if (!(this instanceof Transform2)) return new Transform2(options);
      const readableHighWaterMark = options ? getHighWaterMark(this, options, "readableHighWaterMark", true) : null;
      if (readableHighWaterMark === 0) {
        options = {
          ...options,
          highWaterMark: null,
          readableHighWaterMark,
          // TODO (ronag): 0 is not optimal since we have
          // a "bug" where we check needDrain before calling _write and not after.
          // Refs: https://github.com/nodejs/node/pull/32887
          // Refs: https://github.com/nodejs/node/pull/35941
          writableHighWaterMark: options.writableHighWaterMark || 0
        };
      }
      Duplex.call(this, options);
      this._readableState.sync = false;
      this[kCallback] = null;
      if (options) {
        if (typeof options.transform === "function") this._transform = options.transform;
        if (typeof options.flush === "function") this._flush = options.flush;
      }
      this.on("prefinish", prefinish);
    }
    function final(cb) {
      if (typeof this._flush === "function" && !this.destroyed) {
        this._flush((er, data) => {
          if (er) {
            if (cb) {
              cb(er);
            } else {
              this.destroy(er);
            }
            return;
          }
          if (data != null) {
            this.push(data);
          }
          this.push(null);
          if (cb) {
            cb();
          }
        });
      } else {
        this.push(null);
        if (cb) {
          cb();
        }
      }
    }
    function prefinish() {
      if (this._final !== final) {
        final.call(this);
      }
    }
    Transform2.prototype._final = final;
    Transform2.prototype._transform = function(chunk, encoding, callback) {
      throw new ERR_METHOD_NOT_IMPLEMENTED("_transform()");
    };
    Transform2.prototype._write = function(chunk, encoding, callback) {
      const rState = this._readableState;
      const wState = this._writableState;
      const length = rState.length;
      this._transform(chunk, encoding, (err, val) => {
        if (err) {
          callback(err);
          return;
        }
        if (val != null) {
          this.push(val);
        }
        if (wState.ended || // Backwards compat.
        length === rState.length || // Backwards compat.
        rState.length < rState.highWaterMark) {
          callback();
        } else {
          this[kCallback] = callback;
        }
      });
    };
    Transform2.prototype._read = function() {
      if (this[kCallback]) {
        const callback = this[kCallback];
        this[kCallback] = null;
        callback();
      }
    };
  }
});

// node_modules/readable-stream/lib/internal/streams/passthrough.js
var require_passthrough = __commonJS({
  "node_modules/readable-stream/lib/internal/streams/passthrough.js"(exports2, module2) {
    "use strict";
    var { ObjectSetPrototypeOf } = require_primordials();
    module2.exports = PassThrough;
    var Transform2 = require_transform();
    ObjectSetPrototypeOf(PassThrough.prototype, Transform2.prototype);
    ObjectSetPrototypeOf(PassThrough, Transform2);
    function PassThrough(options) {
      if (!(this instanceof PassThrough)) return new PassThrough(options);
      Transform2.call(this, options);
    }
    PassThrough.prototype._transform = function(chunk, encoding, cb) {
      cb(null, chunk);
    };
  }
});

// node_modules/readable-stream/lib/internal/streams/pipeline.js
var require_pipeline = __commonJS({
  "node_modules/readable-stream/lib/internal/streams/pipeline.js"(exports2, module2) {
    var process2 = require_process2();
    var { ArrayIsArray, Promise: Promise2, SymbolAsyncIterator, SymbolDispose } = require_primordials();
    var eos = require_end_of_stream();
    var { once: once2 } = require_util();
    var destroyImpl = require_destroy();
    var Duplex = require_duplex();
    var {
      aggregateTwoErrors,
      codes: {
        ERR_INVALID_ARG_TYPE,
        ERR_INVALID_RETURN_VALUE,
        ERR_MISSING_ARGS,
        ERR_STREAM_DESTROYED,
        ERR_STREAM_PREMATURE_CLOSE
      },
      AbortError
    } = require_errors();
    var { validateFunction, validateAbortSignal } = require_validators();
    var {
      isIterable,
      isReadable,
      isReadableNodeStream,
      isNodeStream,
      isTransformStream,
      isWebStream,
      isReadableStream,
      isReadableFinished
    } = require_utils3();
    var AbortController = globalThis.AbortController || require_abort_controller().AbortController;
    var PassThrough;
    var Readable3;
    var addAbortListener;
    function destroyer(stream, reading, writing) {
      let finished2 = false;
      stream.on("close", () => {
        finished2 = true;
      });
      const cleanup = eos(
        stream,
        {
          readable: reading,
          writable: writing
        },
        (err) => {
          finished2 = !err;
        }
      );
      return {
        destroy: (err) => {
          if (finished2) return;
          finished2 = true;
          destroyImpl.destroyer(stream, err || new ERR_STREAM_DESTROYED("pipe"));
        },
        cleanup
      };
    }
    function popCallback(streams) {
      validateFunction(streams[streams.length - 1], "streams[stream.length - 1]");
      return streams.pop();
    }
    function makeAsyncIterable(val) {
      if (isIterable(val)) {
        return val;
      } else if (isReadableNodeStream(val)) {
        return fromReadable(val);
      }
      throw new ERR_INVALID_ARG_TYPE("val", ["Readable", "Iterable", "AsyncIterable"], val);
    }
    async function* fromReadable(val) {
      if (!Readable3) {
        Readable3 = require_readable();
      }
      yield* Readable3.prototype[SymbolAsyncIterator].call(val);
    }
    async function pumpToNode(iterable, writable, finish2, { end }) {
      let error;
      let onresolve = null;
      const resume = (err) => {
        if (err) {
          error = err;
        }
        if (onresolve) {
          const callback = onresolve;
          onresolve = null;
          callback();
        }
      };
      const wait = () => new Promise2((resolve2, reject) => {
        if (error) {
          reject(error);
        } else {
          onresolve = () => {
            if (error) {
              reject(error);
            } else {
              resolve2();
            }
          };
        }
      });
      writable.on("drain", resume);
      const cleanup = eos(
        writable,
        {
          readable: false
        },
        resume
      );
      try {
        if (writable.writableNeedDrain) {
          await wait();
        }
        for await (const chunk of iterable) {
          if (!writable.write(chunk)) {
            await wait();
          }
        }
        if (end) {
          writable.end();
          await wait();
        }
        finish2();
      } catch (err) {
        finish2(error !== err ? aggregateTwoErrors(error, err) : err);
      } finally {
        cleanup();
        writable.off("drain", resume);
      }
    }
    async function pumpToWeb(readable, writable, finish2, { end }) {
      if (isTransformStream(writable)) {
        writable = writable.writable;
      }
      const writer = writable.getWriter();
      try {
        for await (const chunk of readable) {
          await writer.ready;
          writer.write(chunk).catch(() => {
          });
        }
        await writer.ready;
        if (end) {
          await writer.close();
        }
        finish2();
      } catch (err) {
        try {
          await writer.abort(err);
          finish2(err);
        } catch (err2) {
          finish2(err2);
        }
      }
    }
    function pipeline3(...streams) {
      return pipelineImpl(streams, once2(popCallback(streams)));
    }
    function pipelineImpl(streams, callback, opts) {
      if (streams.length === 1 && ArrayIsArray(streams[0])) {
        streams = streams[0];
      }
      if (streams.length < 2) {
        throw new ERR_MISSING_ARGS("streams");
      }
      const ac = new AbortController();
      const signal = ac.signal;
      const outerSignal = opts === null || opts === void 0 ? void 0 : opts.signal;
      const lastStreamCleanup = [];
      validateAbortSignal(outerSignal, "options.signal");
      function abort() {
        finishImpl(new AbortError());
      }
      addAbortListener = addAbortListener || require_util().addAbortListener;
      let disposable;
      if (outerSignal) {
        disposable = addAbortListener(outerSignal, abort);
      }
      let error;
      let value;
      const destroys = [];
      let finishCount = 0;
      function finish2(err) {
        finishImpl(err, --finishCount === 0);
      }
      function finishImpl(err, final) {
        var _disposable;
        if (err && (!error || error.code === "ERR_STREAM_PREMATURE_CLOSE")) {
          error = err;
        }
        if (!error && !final) {
          return;
        }
        while (destroys.length) {
          destroys.shift()(error);
        }
        ;
        (_disposable = disposable) === null || _disposable === void 0 ? void 0 : _disposable[SymbolDispose]();
        ac.abort();
        if (final) {
          if (!error) {
            lastStreamCleanup.forEach((fn) => fn());
          }
          process2.nextTick(callback, error, value);
        }
      }
      let ret;
      for (let i = 0; i < streams.length; i++) {
        const stream = streams[i];
        const reading = i < streams.length - 1;
        const writing = i > 0;
        const end = reading || (opts === null || opts === void 0 ? void 0 : opts.end) !== false;
        const isLastStream = i === streams.length - 1;
        if (isNodeStream(stream)) {
          let onError2 = function(err) {
            if (err && err.name !== "AbortError" && err.code !== "ERR_STREAM_PREMATURE_CLOSE") {
              finish2(err);
            }
          };
          var onError = onError2;
          if (end) {
            const { destroy, cleanup } = destroyer(stream, reading, writing);
            destroys.push(destroy);
            if (isReadable(stream) && isLastStream) {
              lastStreamCleanup.push(cleanup);
            }
          }
          stream.on("error", onError2);
          if (isReadable(stream) && isLastStream) {
            lastStreamCleanup.push(() => {
              stream.removeListener("error", onError2);
            });
          }
        }
        if (i === 0) {
          if (typeof stream === "function") {
            ret = stream({
              signal
            });
            if (!isIterable(ret)) {
              throw new ERR_INVALID_RETURN_VALUE("Iterable, AsyncIterable or Stream", "source", ret);
            }
          } else if (isIterable(stream) || isReadableNodeStream(stream) || isTransformStream(stream)) {
            ret = stream;
          } else {
            ret = Duplex.from(stream);
          }
        } else if (typeof stream === "function") {
          if (isTransformStream(ret)) {
            var _ret;
            ret = makeAsyncIterable((_ret = ret) === null || _ret === void 0 ? void 0 : _ret.readable);
          } else {
            ret = makeAsyncIterable(ret);
          }
          ret = stream(ret, {
            signal
          });
          if (reading) {
            if (!isIterable(ret, true)) {
              throw new ERR_INVALID_RETURN_VALUE("AsyncIterable", `transform[${i - 1}]`, ret);
            }
          } else {
            var _ret2;
            if (!PassThrough) {
              PassThrough = require_passthrough();
            }
            const pt = new PassThrough({
              objectMode: true
            });
            const then = (_ret2 = ret) === null || _ret2 === void 0 ? void 0 : _ret2.then;
            if (typeof then === "function") {
              finishCount++;
              then.call(
                ret,
                (val) => {
                  value = val;
                  if (val != null) {
                    pt.write(val);
                  }
                  if (end) {
                    pt.end();
                  }
                  process2.nextTick(finish2);
                },
                (err) => {
                  pt.destroy(err);
                  process2.nextTick(finish2, err);
                }
              );
            } else if (isIterable(ret, true)) {
              finishCount++;
              pumpToNode(ret, pt, finish2, {
                end
              });
            } else if (isReadableStream(ret) || isTransformStream(ret)) {
              const toRead = ret.readable || ret;
              finishCount++;
              pumpToNode(toRead, pt, finish2, {
                end
              });
            } else {
              throw new ERR_INVALID_RETURN_VALUE("AsyncIterable or Promise", "destination", ret);
            }
            ret = pt;
            const { destroy, cleanup } = destroyer(ret, false, true);
            destroys.push(destroy);
            if (isLastStream) {
              lastStreamCleanup.push(cleanup);
            }
          }
        } else if (isNodeStream(stream)) {
          if (isReadableNodeStream(ret)) {
            finishCount += 2;
            const cleanup = pipe(ret, stream, finish2, {
              end
            });
            if (isReadable(stream) && isLastStream) {
              lastStreamCleanup.push(cleanup);
            }
          } else if (isTransformStream(ret) || isReadableStream(ret)) {
            const toRead = ret.readable || ret;
            finishCount++;
            pumpToNode(toRead, stream, finish2, {
              end
            });
          } else if (isIterable(ret)) {
            finishCount++;
            pumpToNode(ret, stream, finish2, {
              end
            });
          } else {
            throw new ERR_INVALID_ARG_TYPE(
              "val",
              ["Readable", "Iterable", "AsyncIterable", "ReadableStream", "TransformStream"],
              ret
            );
          }
          ret = stream;
        } else if (isWebStream(stream)) {
          if (isReadableNodeStream(ret)) {
            finishCount++;
            pumpToWeb(makeAsyncIterable(ret), stream, finish2, {
              end
            });
          } else if (isReadableStream(ret) || isIterable(ret)) {
            finishCount++;
            pumpToWeb(ret, stream, finish2, {
              end
            });
          } else if (isTransformStream(ret)) {
            finishCount++;
            pumpToWeb(ret.readable, stream, finish2, {
              end
            });
          } else {
            throw new ERR_INVALID_ARG_TYPE(
              "val",
              ["Readable", "Iterable", "AsyncIterable", "ReadableStream", "TransformStream"],
              ret
            );
          }
          ret = stream;
        } else {
          ret = Duplex.from(stream);
        }
      }
      if (signal !== null && signal !== void 0 && signal.aborted || outerSignal !== null && outerSignal !== void 0 && outerSignal.aborted) {
        process2.nextTick(abort);
      }
      return ret;
    }
    function pipe(src, dst, finish2, { end }) {
      let ended = false;
      dst.on("close", () => {
        if (!ended) {
          finish2(new ERR_STREAM_PREMATURE_CLOSE());
        }
      });
      src.pipe(dst, {
        end: false
      });
      if (end) {
        let endFn2 = function() {
          ended = true;
          dst.end();
        };
        var endFn = endFn2;
        if (isReadableFinished(src)) {
          process2.nextTick(endFn2);
        } else {
          src.once("end", endFn2);
        }
      } else {
        finish2();
      }
      eos(
        src,
        {
          readable: true,
          writable: false
        },
        (err) => {
          const rState = src._readableState;
          if (err && err.code === "ERR_STREAM_PREMATURE_CLOSE" && rState && rState.ended && !rState.errored && !rState.errorEmitted) {
            src.once("end", finish2).once("error", finish2);
          } else {
            finish2(err);
          }
        }
      );
      return eos(
        dst,
        {
          readable: false,
          writable: true
        },
        finish2
      );
    }
    module2.exports = {
      pipelineImpl,
      pipeline: pipeline3
    };
  }
});

// node_modules/readable-stream/lib/internal/streams/compose.js
var require_compose = __commonJS({
  "node_modules/readable-stream/lib/internal/streams/compose.js"(exports2, module2) {
    "use strict";
    var { pipeline: pipeline3 } = require_pipeline();
    var Duplex = require_duplex();
    var { destroyer } = require_destroy();
    var {
      isNodeStream,
      isReadable,
      isWritable,
      isWebStream,
      isTransformStream,
      isWritableStream,
      isReadableStream
    } = require_utils3();
    var {
      AbortError,
      codes: { ERR_INVALID_ARG_VALUE, ERR_MISSING_ARGS }
    } = require_errors();
    var eos = require_end_of_stream();
    module2.exports = function compose(...streams) {
      if (streams.length === 0) {
        throw new ERR_MISSING_ARGS("streams");
      }
      if (streams.length === 1) {
        return Duplex.from(streams[0]);
      }
      const orgStreams = [...streams];
      if (typeof streams[0] === "function") {
        streams[0] = Duplex.from(streams[0]);
      }
      if (typeof streams[streams.length - 1] === "function") {
        const idx = streams.length - 1;
        streams[idx] = Duplex.from(streams[idx]);
      }
      for (let n = 0; n < streams.length; ++n) {
        if (!isNodeStream(streams[n]) && !isWebStream(streams[n])) {
          continue;
        }
        if (n < streams.length - 1 && !(isReadable(streams[n]) || isReadableStream(streams[n]) || isTransformStream(streams[n]))) {
          throw new ERR_INVALID_ARG_VALUE(`streams[${n}]`, orgStreams[n], "must be readable");
        }
        if (n > 0 && !(isWritable(streams[n]) || isWritableStream(streams[n]) || isTransformStream(streams[n]))) {
          throw new ERR_INVALID_ARG_VALUE(`streams[${n}]`, orgStreams[n], "must be writable");
        }
      }
      let ondrain;
      let onfinish;
      let onreadable;
      let onclose;
      let d;
      function onfinished(err) {
        const cb = onclose;
        onclose = null;
        if (cb) {
          cb(err);
        } else if (err) {
          d.destroy(err);
        } else if (!readable && !writable) {
          d.destroy();
        }
      }
      const head = streams[0];
      const tail = pipeline3(streams, onfinished);
      const writable = !!(isWritable(head) || isWritableStream(head) || isTransformStream(head));
      const readable = !!(isReadable(tail) || isReadableStream(tail) || isTransformStream(tail));
      d = new Duplex({
        // TODO (ronag): highWaterMark?
        writableObjectMode: !!(head !== null && head !== void 0 && head.writableObjectMode),
        readableObjectMode: !!(tail !== null && tail !== void 0 && tail.readableObjectMode),
        writable,
        readable
      });
      if (writable) {
        if (isNodeStream(head)) {
          d._write = function(chunk, encoding, callback) {
            if (head.write(chunk, encoding)) {
              callback();
            } else {
              ondrain = callback;
            }
          };
          d._final = function(callback) {
            head.end();
            onfinish = callback;
          };
          head.on("drain", function() {
            if (ondrain) {
              const cb = ondrain;
              ondrain = null;
              cb();
            }
          });
        } else if (isWebStream(head)) {
          const writable2 = isTransformStream(head) ? head.writable : head;
          const writer = writable2.getWriter();
          d._write = async function(chunk, encoding, callback) {
            try {
              await writer.ready;
              writer.write(chunk).catch(() => {
              });
              callback();
            } catch (err) {
              callback(err);
            }
          };
          d._final = async function(callback) {
            try {
              await writer.ready;
              writer.close().catch(() => {
              });
              onfinish = callback;
            } catch (err) {
              callback(err);
            }
          };
        }
        const toRead = isTransformStream(tail) ? tail.readable : tail;
        eos(toRead, () => {
          if (onfinish) {
            const cb = onfinish;
            onfinish = null;
            cb();
          }
        });
      }
      if (readable) {
        if (isNodeStream(tail)) {
          tail.on("readable", function() {
            if (onreadable) {
              const cb = onreadable;
              onreadable = null;
              cb();
            }
          });
          tail.on("end", function() {
            d.push(null);
          });
          d._read = function() {
            while (true) {
              const buf = tail.read();
              if (buf === null) {
                onreadable = d._read;
                return;
              }
              if (!d.push(buf)) {
                return;
              }
            }
          };
        } else if (isWebStream(tail)) {
          const readable2 = isTransformStream(tail) ? tail.readable : tail;
          const reader = readable2.getReader();
          d._read = async function() {
            while (true) {
              try {
                const { value, done } = await reader.read();
                if (!d.push(value)) {
                  return;
                }
                if (done) {
                  d.push(null);
                  return;
                }
              } catch {
                return;
              }
            }
          };
        }
      }
      d._destroy = function(err, callback) {
        if (!err && onclose !== null) {
          err = new AbortError();
        }
        onreadable = null;
        ondrain = null;
        onfinish = null;
        if (onclose === null) {
          callback(err);
        } else {
          onclose = callback;
          if (isNodeStream(tail)) {
            destroyer(tail, err);
          }
        }
      };
      return d;
    };
  }
});

// node_modules/readable-stream/lib/internal/streams/operators.js
var require_operators = __commonJS({
  "node_modules/readable-stream/lib/internal/streams/operators.js"(exports2, module2) {
    "use strict";
    var AbortController = globalThis.AbortController || require_abort_controller().AbortController;
    var {
      codes: { ERR_INVALID_ARG_VALUE, ERR_INVALID_ARG_TYPE, ERR_MISSING_ARGS, ERR_OUT_OF_RANGE },
      AbortError
    } = require_errors();
    var { validateAbortSignal, validateInteger, validateObject } = require_validators();
    var kWeakHandler = require_primordials().Symbol("kWeak");
    var kResistStopPropagation = require_primordials().Symbol("kResistStopPropagation");
    var { finished: finished2 } = require_end_of_stream();
    var staticCompose = require_compose();
    var { addAbortSignalNoValidate } = require_add_abort_signal();
    var { isWritable, isNodeStream } = require_utils3();
    var { deprecate } = require_util();
    var {
      ArrayPrototypePush,
      Boolean: Boolean2,
      MathFloor,
      Number: Number2,
      NumberIsNaN,
      Promise: Promise2,
      PromiseReject,
      PromiseResolve,
      PromisePrototypeThen,
      Symbol: Symbol2
    } = require_primordials();
    var kEmpty = Symbol2("kEmpty");
    var kEof = Symbol2("kEof");
    function compose(stream, options) {
      if (options != null) {
        validateObject(options, "options");
      }
      if ((options === null || options === void 0 ? void 0 : options.signal) != null) {
        validateAbortSignal(options.signal, "options.signal");
      }
      if (isNodeStream(stream) && !isWritable(stream)) {
        throw new ERR_INVALID_ARG_VALUE("stream", stream, "must be writable");
      }
      const composedStream = staticCompose(this, stream);
      if (options !== null && options !== void 0 && options.signal) {
        addAbortSignalNoValidate(options.signal, composedStream);
      }
      return composedStream;
    }
    function map(fn, options) {
      if (typeof fn !== "function") {
        throw new ERR_INVALID_ARG_TYPE("fn", ["Function", "AsyncFunction"], fn);
      }
      if (options != null) {
        validateObject(options, "options");
      }
      if ((options === null || options === void 0 ? void 0 : options.signal) != null) {
        validateAbortSignal(options.signal, "options.signal");
      }
      let concurrency = 1;
      if ((options === null || options === void 0 ? void 0 : options.concurrency) != null) {
        concurrency = MathFloor(options.concurrency);
      }
      let highWaterMark = concurrency - 1;
      if ((options === null || options === void 0 ? void 0 : options.highWaterMark) != null) {
        highWaterMark = MathFloor(options.highWaterMark);
      }
      validateInteger(concurrency, "options.concurrency", 1);
      validateInteger(highWaterMark, "options.highWaterMark", 0);
      highWaterMark += concurrency;
      return async function* map2() {
        const signal = require_util().AbortSignalAny(
          [options === null || options === void 0 ? void 0 : options.signal].filter(Boolean2)
        );
        const stream = this;
        const queue = [];
        const signalOpt = {
          signal
        };
        let next;
        let resume;
        let done = false;
        let cnt = 0;
        function onCatch() {
          done = true;
          afterItemProcessed();
        }
        function afterItemProcessed() {
          cnt -= 1;
          maybeResume();
        }
        function maybeResume() {
          if (resume && !done && cnt < concurrency && queue.length < highWaterMark) {
            resume();
            resume = null;
          }
        }
        async function pump() {
          try {
            for await (let val of stream) {
              if (done) {
                return;
              }
              if (signal.aborted) {
                throw new AbortError();
              }
              try {
                val = fn(val, signalOpt);
                if (val === kEmpty) {
                  continue;
                }
                val = PromiseResolve(val);
              } catch (err) {
                val = PromiseReject(err);
              }
              cnt += 1;
              PromisePrototypeThen(val, afterItemProcessed, onCatch);
              queue.push(val);
              if (next) {
                next();
                next = null;
              }
              if (!done && (queue.length >= highWaterMark || cnt >= concurrency)) {
                await new Promise2((resolve2) => {
                  resume = resolve2;
                });
              }
            }
            queue.push(kEof);
          } catch (err) {
            const val = PromiseReject(err);
            PromisePrototypeThen(val, afterItemProcessed, onCatch);
            queue.push(val);
          } finally {
            done = true;
            if (next) {
              next();
              next = null;
            }
          }
        }
        pump();
        try {
          while (true) {
            while (queue.length > 0) {
              const val = await queue[0];
              if (val === kEof) {
                return;
              }
              if (signal.aborted) {
                throw new AbortError();
              }
              if (val !== kEmpty) {
                yield val;
              }
              queue.shift();
              maybeResume();
            }
            await new Promise2((resolve2) => {
              next = resolve2;
            });
          }
        } finally {
          done = true;
          if (resume) {
            resume();
            resume = null;
          }
        }
      }.call(this);
    }
    function asIndexedPairs(options = void 0) {
      if (options != null) {
        validateObject(options, "options");
      }
      if ((options === null || options === void 0 ? void 0 : options.signal) != null) {
        validateAbortSignal(options.signal, "options.signal");
      }
      return async function* asIndexedPairs2() {
        let index = 0;
        for await (const val of this) {
          var _options$signal;
          if (options !== null && options !== void 0 && (_options$signal = options.signal) !== null && _options$signal !== void 0 && _options$signal.aborted) {
            throw new AbortError({
              cause: options.signal.reason
            });
          }
          yield [index++, val];
        }
      }.call(this);
    }
    async function some(fn, options = void 0) {
      for await (const unused of filter.call(this, fn, options)) {
        return true;
      }
      return false;
    }
    async function every(fn, options = void 0) {
      if (typeof fn !== "function") {
        throw new ERR_INVALID_ARG_TYPE("fn", ["Function", "AsyncFunction"], fn);
      }
      return !await some.call(
        this,
        async (...args) => {
          return !await fn(...args);
        },
        options
      );
    }
    async function find(fn, options) {
      for await (const result of filter.call(this, fn, options)) {
        return result;
      }
      return void 0;
    }
    async function forEach(fn, options) {
      if (typeof fn !== "function") {
        throw new ERR_INVALID_ARG_TYPE("fn", ["Function", "AsyncFunction"], fn);
      }
      async function forEachFn(value, options2) {
        await fn(value, options2);
        return kEmpty;
      }
      for await (const unused of map.call(this, forEachFn, options)) ;
    }
    function filter(fn, options) {
      if (typeof fn !== "function") {
        throw new ERR_INVALID_ARG_TYPE("fn", ["Function", "AsyncFunction"], fn);
      }
      async function filterFn(value, options2) {
        if (await fn(value, options2)) {
          return value;
        }
        return kEmpty;
      }
      return map.call(this, filterFn, options);
    }
    var ReduceAwareErrMissingArgs = class extends ERR_MISSING_ARGS {
      constructor() {
        super("reduce");
        this.message = "Reduce of an empty stream requires an initial value";
      }
    };
    async function reduce(reducer, initialValue, options) {
      var _options$signal2;
      if (typeof reducer !== "function") {
        throw new ERR_INVALID_ARG_TYPE("reducer", ["Function", "AsyncFunction"], reducer);
      }
      if (options != null) {
        validateObject(options, "options");
      }
      if ((options === null || options === void 0 ? void 0 : options.signal) != null) {
        validateAbortSignal(options.signal, "options.signal");
      }
      let hasInitialValue = arguments.length > 1;
      if (options !== null && options !== void 0 && (_options$signal2 = options.signal) !== null && _options$signal2 !== void 0 && _options$signal2.aborted) {
        const err = new AbortError(void 0, {
          cause: options.signal.reason
        });
        this.once("error", () => {
        });
        await finished2(this.destroy(err));
        throw err;
      }
      const ac = new AbortController();
      const signal = ac.signal;
      if (options !== null && options !== void 0 && options.signal) {
        const opts = {
          once: true,
          [kWeakHandler]: this,
          [kResistStopPropagation]: true
        };
        options.signal.addEventListener("abort", () => ac.abort(), opts);
      }
      let gotAnyItemFromStream = false;
      try {
        for await (const value of this) {
          var _options$signal3;
          gotAnyItemFromStream = true;
          if (options !== null && options !== void 0 && (_options$signal3 = options.signal) !== null && _options$signal3 !== void 0 && _options$signal3.aborted) {
            throw new AbortError();
          }
          if (!hasInitialValue) {
            initialValue = value;
            hasInitialValue = true;
          } else {
            initialValue = await reducer(initialValue, value, {
              signal
            });
          }
        }
        if (!gotAnyItemFromStream && !hasInitialValue) {
          throw new ReduceAwareErrMissingArgs();
        }
      } finally {
        ac.abort();
      }
      return initialValue;
    }
    async function toArray(options) {
      if (options != null) {
        validateObject(options, "options");
      }
      if ((options === null || options === void 0 ? void 0 : options.signal) != null) {
        validateAbortSignal(options.signal, "options.signal");
      }
      const result = [];
      for await (const val of this) {
        var _options$signal4;
        if (options !== null && options !== void 0 && (_options$signal4 = options.signal) !== null && _options$signal4 !== void 0 && _options$signal4.aborted) {
          throw new AbortError(void 0, {
            cause: options.signal.reason
          });
        }
        ArrayPrototypePush(result, val);
      }
      return result;
    }
    function flatMap(fn, options) {
      const values2 = map.call(this, fn, options);
      return async function* flatMap2() {
        for await (const val of values2) {
          yield* val;
        }
      }.call(this);
    }
    function toIntegerOrInfinity(number2) {
      number2 = Number2(number2);
      if (NumberIsNaN(number2)) {
        return 0;
      }
      if (number2 < 0) {
        throw new ERR_OUT_OF_RANGE("number", ">= 0", number2);
      }
      return number2;
    }
    function drop(number2, options = void 0) {
      if (options != null) {
        validateObject(options, "options");
      }
      if ((options === null || options === void 0 ? void 0 : options.signal) != null) {
        validateAbortSignal(options.signal, "options.signal");
      }
      number2 = toIntegerOrInfinity(number2);
      return async function* drop2() {
        var _options$signal5;
        if (options !== null && options !== void 0 && (_options$signal5 = options.signal) !== null && _options$signal5 !== void 0 && _options$signal5.aborted) {
          throw new AbortError();
        }
        for await (const val of this) {
          var _options$signal6;
          if (options !== null && options !== void 0 && (_options$signal6 = options.signal) !== null && _options$signal6 !== void 0 && _options$signal6.aborted) {
            throw new AbortError();
          }
          if (number2-- <= 0) {
            yield val;
          }
        }
      }.call(this);
    }
    function take(number2, options = void 0) {
      if (options != null) {
        validateObject(options, "options");
      }
      if ((options === null || options === void 0 ? void 0 : options.signal) != null) {
        validateAbortSignal(options.signal, "options.signal");
      }
      number2 = toIntegerOrInfinity(number2);
      return async function* take2() {
        var _options$signal7;
        if (options !== null && options !== void 0 && (_options$signal7 = options.signal) !== null && _options$signal7 !== void 0 && _options$signal7.aborted) {
          throw new AbortError();
        }
        for await (const val of this) {
          var _options$signal8;
          if (options !== null && options !== void 0 && (_options$signal8 = options.signal) !== null && _options$signal8 !== void 0 && _options$signal8.aborted) {
            throw new AbortError();
          }
          if (number2-- > 0) {
            yield val;
          }
          if (number2 <= 0) {
            return;
          }
        }
      }.call(this);
    }
    module2.exports.streamReturningOperators = {
      asIndexedPairs: deprecate(asIndexedPairs, "readable.asIndexedPairs will be removed in a future version."),
      drop,
      filter,
      flatMap,
      map,
      take,
      compose
    };
    module2.exports.promiseReturningOperators = {
      every,
      forEach,
      reduce,
      toArray,
      some,
      find
    };
  }
});

// node_modules/readable-stream/lib/stream/promises.js
var require_promises = __commonJS({
  "node_modules/readable-stream/lib/stream/promises.js"(exports2, module2) {
    "use strict";
    var { ArrayPrototypePop, Promise: Promise2 } = require_primordials();
    var { isIterable, isNodeStream, isWebStream } = require_utils3();
    var { pipelineImpl: pl } = require_pipeline();
    var { finished: finished2 } = require_end_of_stream();
    require_stream();
    function pipeline3(...streams) {
      return new Promise2((resolve2, reject) => {
        let signal;
        let end;
        const lastArg = streams[streams.length - 1];
        if (lastArg && typeof lastArg === "object" && !isNodeStream(lastArg) && !isIterable(lastArg) && !isWebStream(lastArg)) {
          const options = ArrayPrototypePop(streams);
          signal = options.signal;
          end = options.end;
        }
        pl(
          streams,
          (err, value) => {
            if (err) {
              reject(err);
            } else {
              resolve2(value);
            }
          },
          {
            signal,
            end
          }
        );
      });
    }
    module2.exports = {
      finished: finished2,
      pipeline: pipeline3
    };
  }
});

// node_modules/readable-stream/lib/stream.js
var require_stream = __commonJS({
  "node_modules/readable-stream/lib/stream.js"(exports2, module2) {
    "use strict";
    var { Buffer: Buffer2 } = require("buffer");
    var { ObjectDefineProperty, ObjectKeys, ReflectApply } = require_primordials();
    var {
      promisify: { custom: customPromisify }
    } = require_util();
    var { streamReturningOperators, promiseReturningOperators } = require_operators();
    var {
      codes: { ERR_ILLEGAL_CONSTRUCTOR }
    } = require_errors();
    var compose = require_compose();
    var { setDefaultHighWaterMark, getDefaultHighWaterMark } = require_state();
    var { pipeline: pipeline3 } = require_pipeline();
    var { destroyer } = require_destroy();
    var eos = require_end_of_stream();
    var promises = require_promises();
    var utils = require_utils3();
    var Stream = module2.exports = require_legacy().Stream;
    Stream.isDestroyed = utils.isDestroyed;
    Stream.isDisturbed = utils.isDisturbed;
    Stream.isErrored = utils.isErrored;
    Stream.isReadable = utils.isReadable;
    Stream.isWritable = utils.isWritable;
    Stream.Readable = require_readable();
    for (const key of ObjectKeys(streamReturningOperators)) {
      let fn = function(...args) {
        if (new.target) {
          throw ERR_ILLEGAL_CONSTRUCTOR();
        }
        return Stream.Readable.from(ReflectApply(op, this, args));
      };
      const op = streamReturningOperators[key];
      ObjectDefineProperty(fn, "name", {
        __proto__: null,
        value: op.name
      });
      ObjectDefineProperty(fn, "length", {
        __proto__: null,
        value: op.length
      });
      ObjectDefineProperty(Stream.Readable.prototype, key, {
        __proto__: null,
        value: fn,
        enumerable: false,
        configurable: true,
        writable: true
      });
    }
    for (const key of ObjectKeys(promiseReturningOperators)) {
      let fn = function(...args) {
        if (new.target) {
          throw ERR_ILLEGAL_CONSTRUCTOR();
        }
        return ReflectApply(op, this, args);
      };
      const op = promiseReturningOperators[key];
      ObjectDefineProperty(fn, "name", {
        __proto__: null,
        value: op.name
      });
      ObjectDefineProperty(fn, "length", {
        __proto__: null,
        value: op.length
      });
      ObjectDefineProperty(Stream.Readable.prototype, key, {
        __proto__: null,
        value: fn,
        enumerable: false,
        configurable: true,
        writable: true
      });
    }
    Stream.Writable = require_writable();
    Stream.Duplex = require_duplex();
    Stream.Transform = require_transform();
    Stream.PassThrough = require_passthrough();
    Stream.pipeline = pipeline3;
    var { addAbortSignal } = require_add_abort_signal();
    Stream.addAbortSignal = addAbortSignal;
    Stream.finished = eos;
    Stream.destroy = destroyer;
    Stream.compose = compose;
    Stream.setDefaultHighWaterMark = setDefaultHighWaterMark;
    Stream.getDefaultHighWaterMark = getDefaultHighWaterMark;
    ObjectDefineProperty(Stream, "promises", {
      __proto__: null,
      configurable: true,
      enumerable: true,
      get() {
        return promises;
      }
    });
    ObjectDefineProperty(pipeline3, customPromisify, {
      __proto__: null,
      enumerable: true,
      get() {
        return promises.pipeline;
      }
    });
    ObjectDefineProperty(eos, customPromisify, {
      __proto__: null,
      enumerable: true,
      get() {
        return promises.finished;
      }
    });
    Stream.Stream = Stream;
    Stream._isUint8Array = function isUint8Array(value) {
      return value instanceof Uint8Array;
    };
    Stream._uint8ArrayToBuffer = function _uint8ArrayToBuffer(chunk) {
      return Buffer2.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    };
  }
});

// node_modules/readable-stream/lib/ours/index.js
var require_ours = __commonJS({
  "node_modules/readable-stream/lib/ours/index.js"(exports2, module2) {
    "use strict";
    var Stream = require("stream");
    if (Stream && process.env.READABLE_STREAM === "disable") {
      const promises = Stream.promises;
      module2.exports._uint8ArrayToBuffer = Stream._uint8ArrayToBuffer;
      module2.exports._isUint8Array = Stream._isUint8Array;
      module2.exports.isDisturbed = Stream.isDisturbed;
      module2.exports.isErrored = Stream.isErrored;
      module2.exports.isReadable = Stream.isReadable;
      module2.exports.Readable = Stream.Readable;
      module2.exports.Writable = Stream.Writable;
      module2.exports.Duplex = Stream.Duplex;
      module2.exports.Transform = Stream.Transform;
      module2.exports.PassThrough = Stream.PassThrough;
      module2.exports.addAbortSignal = Stream.addAbortSignal;
      module2.exports.finished = Stream.finished;
      module2.exports.destroy = Stream.destroy;
      module2.exports.pipeline = Stream.pipeline;
      module2.exports.compose = Stream.compose;
      Object.defineProperty(Stream, "promises", {
        configurable: true,
        enumerable: true,
        get() {
          return promises;
        }
      });
      module2.exports.Stream = Stream.Stream;
    } else {
      const CustomStream = require_stream();
      const promises = require_promises();
      const originalDestroy = CustomStream.Readable.destroy;
      module2.exports = CustomStream.Readable;
      module2.exports._uint8ArrayToBuffer = CustomStream._uint8ArrayToBuffer;
      module2.exports._isUint8Array = CustomStream._isUint8Array;
      module2.exports.isDisturbed = CustomStream.isDisturbed;
      module2.exports.isErrored = CustomStream.isErrored;
      module2.exports.isReadable = CustomStream.isReadable;
      module2.exports.Readable = CustomStream.Readable;
      module2.exports.Writable = CustomStream.Writable;
      module2.exports.Duplex = CustomStream.Duplex;
      module2.exports.Transform = CustomStream.Transform;
      module2.exports.PassThrough = CustomStream.PassThrough;
      module2.exports.addAbortSignal = CustomStream.addAbortSignal;
      module2.exports.finished = CustomStream.finished;
      module2.exports.destroy = CustomStream.destroy;
      module2.exports.destroy = originalDestroy;
      module2.exports.pipeline = CustomStream.pipeline;
      module2.exports.compose = CustomStream.compose;
      Object.defineProperty(CustomStream, "promises", {
        configurable: true,
        enumerable: true,
        get() {
          return promises;
        }
      });
      module2.exports.Stream = CustomStream.Stream;
    }
    module2.exports.default = module2.exports;
  }
});

// node_modules/inherits/inherits_browser.js
var require_inherits_browser = __commonJS({
  "node_modules/inherits/inherits_browser.js"(exports2, module2) {
    if (typeof Object.create === "function") {
      module2.exports = function inherits(ctor, superCtor) {
        if (superCtor) {
          ctor.super_ = superCtor;
          ctor.prototype = Object.create(superCtor.prototype, {
            constructor: {
              value: ctor,
              enumerable: false,
              writable: true,
              configurable: true
            }
          });
        }
      };
    } else {
      module2.exports = function inherits(ctor, superCtor) {
        if (superCtor) {
          ctor.super_ = superCtor;
          var TempCtor = function() {
          };
          TempCtor.prototype = superCtor.prototype;
          ctor.prototype = new TempCtor();
          ctor.prototype.constructor = ctor;
        }
      };
    }
  }
});

// node_modules/inherits/inherits.js
var require_inherits = __commonJS({
  "node_modules/inherits/inherits.js"(exports2, module2) {
    try {
      util2 = require("util");
      if (typeof util2.inherits !== "function") throw "";
      module2.exports = util2.inherits;
    } catch (e) {
      module2.exports = require_inherits_browser();
    }
    var util2;
  }
});

// node_modules/bl/BufferList.js
var require_BufferList = __commonJS({
  "node_modules/bl/BufferList.js"(exports2, module2) {
    "use strict";
    var { Buffer: Buffer2 } = require("buffer");
    var symbol = /* @__PURE__ */ Symbol.for("BufferList");
    function BufferList(buf) {
      if (!(this instanceof BufferList)) {
        return new BufferList(buf);
      }
      BufferList._init.call(this, buf);
    }
    BufferList._init = function _init(buf) {
      Object.defineProperty(this, symbol, { value: true });
      this._bufs = [];
      this.length = 0;
      if (buf) {
        this.append(buf);
      }
    };
    BufferList.prototype._new = function _new(buf) {
      return new BufferList(buf);
    };
    BufferList.prototype._offset = function _offset(offset) {
      if (offset === 0) {
        return [0, 0];
      }
      let tot = 0;
      for (let i = 0; i < this._bufs.length; i++) {
        const _t = tot + this._bufs[i].length;
        if (offset < _t || i === this._bufs.length - 1) {
          return [i, offset - tot];
        }
        tot = _t;
      }
    };
    BufferList.prototype._reverseOffset = function(blOffset) {
      const bufferId = blOffset[0];
      let offset = blOffset[1];
      for (let i = 0; i < bufferId; i++) {
        offset += this._bufs[i].length;
      }
      return offset;
    };
    BufferList.prototype.getBuffers = function getBuffers() {
      return this._bufs;
    };
    BufferList.prototype.get = function get(index) {
      if (index > this.length || index < 0) {
        return void 0;
      }
      const offset = this._offset(index);
      return this._bufs[offset[0]][offset[1]];
    };
    BufferList.prototype.slice = function slice(start, end) {
      if (typeof start === "number" && start < 0) {
        start += this.length;
      }
      if (typeof end === "number" && end < 0) {
        end += this.length;
      }
      return this.copy(null, 0, start, end);
    };
    BufferList.prototype.copy = function copy(dst, dstStart, srcStart, srcEnd) {
      if (typeof srcStart !== "number" || srcStart < 0) {
        srcStart = 0;
      }
      if (typeof srcEnd !== "number" || srcEnd > this.length) {
        srcEnd = this.length;
      }
      if (srcStart >= this.length) {
        return dst || Buffer2.alloc(0);
      }
      if (srcEnd <= 0) {
        return dst || Buffer2.alloc(0);
      }
      const copy2 = !!dst;
      const off = this._offset(srcStart);
      const len = srcEnd - srcStart;
      let bytes = len;
      let bufoff = copy2 && dstStart || 0;
      let start = off[1];
      if (srcStart === 0 && srcEnd === this.length) {
        if (!copy2) {
          return this._bufs.length === 1 ? this._bufs[0] : Buffer2.concat(this._bufs, this.length);
        }
        for (let i = 0; i < this._bufs.length; i++) {
          this._bufs[i].copy(dst, bufoff);
          bufoff += this._bufs[i].length;
        }
        return dst;
      }
      if (bytes <= this._bufs[off[0]].length - start) {
        return copy2 ? this._bufs[off[0]].copy(dst, dstStart, start, start + bytes) : this._bufs[off[0]].slice(start, start + bytes);
      }
      if (!copy2) {
        dst = Buffer2.allocUnsafe(len);
      }
      for (let i = off[0]; i < this._bufs.length; i++) {
        const l = this._bufs[i].length - start;
        if (bytes > l) {
          this._bufs[i].copy(dst, bufoff, start);
          bufoff += l;
        } else {
          this._bufs[i].copy(dst, bufoff, start, start + bytes);
          bufoff += l;
          break;
        }
        bytes -= l;
        if (start) {
          start = 0;
        }
      }
      if (dst.length > bufoff) return dst.slice(0, bufoff);
      return dst;
    };
    BufferList.prototype.shallowSlice = function shallowSlice(start, end) {
      start = start || 0;
      end = typeof end !== "number" ? this.length : end;
      if (start < 0) {
        start += this.length;
      }
      if (end < 0) {
        end += this.length;
      }
      if (start === end) {
        return this._new();
      }
      const startOffset = this._offset(start);
      const endOffset = this._offset(end);
      const buffers = this._bufs.slice(startOffset[0], endOffset[0] + 1);
      if (endOffset[1] === 0) {
        buffers.pop();
      } else {
        buffers[buffers.length - 1] = buffers[buffers.length - 1].slice(0, endOffset[1]);
      }
      if (startOffset[1] !== 0) {
        buffers[0] = buffers[0].slice(startOffset[1]);
      }
      return this._new(buffers);
    };
    BufferList.prototype.toString = function toString(encoding, start, end) {
      return this.slice(start, end).toString(encoding);
    };
    BufferList.prototype.consume = function consume(bytes) {
      bytes = Math.trunc(bytes);
      if (Number.isNaN(bytes) || bytes <= 0) return this;
      while (this._bufs.length) {
        if (bytes >= this._bufs[0].length) {
          bytes -= this._bufs[0].length;
          this.length -= this._bufs[0].length;
          this._bufs.shift();
        } else {
          this._bufs[0] = this._bufs[0].slice(bytes);
          this.length -= bytes;
          break;
        }
      }
      return this;
    };
    BufferList.prototype.duplicate = function duplicate() {
      const copy = this._new();
      for (let i = 0; i < this._bufs.length; i++) {
        copy.append(this._bufs[i]);
      }
      return copy;
    };
    BufferList.prototype.append = function append(buf) {
      return this._attach(buf, BufferList.prototype._appendBuffer);
    };
    BufferList.prototype.prepend = function prepend(buf) {
      return this._attach(buf, BufferList.prototype._prependBuffer, true);
    };
    BufferList.prototype._attach = function _attach(buf, attacher, prepend) {
      if (buf == null) {
        return this;
      }
      if (buf.buffer) {
        attacher.call(this, Buffer2.from(buf.buffer, buf.byteOffset, buf.byteLength));
      } else if (Array.isArray(buf)) {
        const [starting, modifier] = prepend ? [buf.length - 1, -1] : [0, 1];
        for (let i = starting; i >= 0 && i < buf.length; i += modifier) {
          this._attach(buf[i], attacher, prepend);
        }
      } else if (this._isBufferList(buf)) {
        const [starting, modifier] = prepend ? [buf._bufs.length - 1, -1] : [0, 1];
        for (let i = starting; i >= 0 && i < buf._bufs.length; i += modifier) {
          this._attach(buf._bufs[i], attacher, prepend);
        }
      } else {
        if (typeof buf === "number") {
          buf = buf.toString();
        }
        attacher.call(this, Buffer2.from(buf));
      }
      return this;
    };
    BufferList.prototype._appendBuffer = function appendBuffer(buf) {
      this._bufs.push(buf);
      this.length += buf.length;
    };
    BufferList.prototype._prependBuffer = function prependBuffer(buf) {
      this._bufs.unshift(buf);
      this.length += buf.length;
    };
    BufferList.prototype.indexOf = function(search, offset, encoding) {
      if (encoding === void 0 && typeof offset === "string") {
        encoding = offset;
        offset = void 0;
      }
      if (typeof search === "function" || Array.isArray(search)) {
        throw new TypeError('The "value" argument must be one of type string, Buffer, BufferList, or Uint8Array.');
      } else if (typeof search === "number") {
        search = Buffer2.from([search]);
      } else if (typeof search === "string") {
        search = Buffer2.from(search, encoding);
      } else if (this._isBufferList(search)) {
        search = search.slice();
      } else if (Array.isArray(search.buffer)) {
        search = Buffer2.from(search.buffer, search.byteOffset, search.byteLength);
      } else if (!Buffer2.isBuffer(search)) {
        search = Buffer2.from(search);
      }
      offset = Number(offset || 0);
      if (isNaN(offset)) {
        offset = 0;
      }
      if (offset < 0) {
        offset = this.length + offset;
      }
      if (offset < 0) {
        offset = 0;
      }
      if (search.length === 0) {
        return offset > this.length ? this.length : offset;
      }
      const blOffset = this._offset(offset);
      let blIndex = blOffset[0];
      let buffOffset = blOffset[1];
      for (; blIndex < this._bufs.length; blIndex++) {
        const buff = this._bufs[blIndex];
        while (buffOffset < buff.length) {
          const availableWindow = buff.length - buffOffset;
          if (availableWindow >= search.length) {
            const nativeSearchResult = buff.indexOf(search, buffOffset);
            if (nativeSearchResult !== -1) {
              return this._reverseOffset([blIndex, nativeSearchResult]);
            }
            buffOffset = buff.length - search.length + 1;
          } else {
            const revOffset = this._reverseOffset([blIndex, buffOffset]);
            if (this._match(revOffset, search)) {
              return revOffset;
            }
            buffOffset++;
          }
        }
        buffOffset = 0;
      }
      return -1;
    };
    BufferList.prototype._match = function(offset, search) {
      if (this.length - offset < search.length) {
        return false;
      }
      for (let searchOffset = 0; searchOffset < search.length; searchOffset++) {
        if (this.get(offset + searchOffset) !== search[searchOffset]) {
          return false;
        }
      }
      return true;
    };
    (function() {
      const methods = {
        readDoubleBE: 8,
        readDoubleLE: 8,
        readFloatBE: 4,
        readFloatLE: 4,
        readBigInt64BE: 8,
        readBigInt64LE: 8,
        readBigUInt64BE: 8,
        readBigUInt64LE: 8,
        readInt32BE: 4,
        readInt32LE: 4,
        readUInt32BE: 4,
        readUInt32LE: 4,
        readInt16BE: 2,
        readInt16LE: 2,
        readUInt16BE: 2,
        readUInt16LE: 2,
        readInt8: 1,
        readUInt8: 1,
        readIntBE: null,
        readIntLE: null,
        readUIntBE: null,
        readUIntLE: null
      };
      for (const m in methods) {
        (function(m2) {
          if (methods[m2] === null) {
            BufferList.prototype[m2] = function(offset, byteLength) {
              return this.slice(offset, offset + byteLength)[m2](0, byteLength);
            };
          } else {
            BufferList.prototype[m2] = function(offset = 0) {
              return this.slice(offset, offset + methods[m2])[m2](0);
            };
          }
        })(m);
      }
    })();
    BufferList.prototype._isBufferList = function _isBufferList(b) {
      return b instanceof BufferList || BufferList.isBufferList(b);
    };
    BufferList.isBufferList = function isBufferList(b) {
      return b != null && b[symbol];
    };
    module2.exports = BufferList;
  }
});

// node_modules/bl/bl.js
var require_bl = __commonJS({
  "node_modules/bl/bl.js"(exports2, module2) {
    "use strict";
    var DuplexStream = require_ours().Duplex;
    var inherits = require_inherits();
    var BufferList = require_BufferList();
    function BufferListStream(callback) {
      if (!(this instanceof BufferListStream)) {
        return new BufferListStream(callback);
      }
      if (typeof callback === "function") {
        this._callback = callback;
        const piper = function piper2(err) {
          if (this._callback) {
            this._callback(err);
            this._callback = null;
          }
        }.bind(this);
        this.on("pipe", function onPipe(src) {
          src.on("error", piper);
        });
        this.on("unpipe", function onUnpipe(src) {
          src.removeListener("error", piper);
        });
        callback = null;
      }
      BufferList._init.call(this, callback);
      DuplexStream.call(this);
    }
    inherits(BufferListStream, DuplexStream);
    Object.assign(BufferListStream.prototype, BufferList.prototype);
    BufferListStream.prototype._new = function _new(callback) {
      return new BufferListStream(callback);
    };
    BufferListStream.prototype._write = function _write(buf, encoding, callback) {
      this._appendBuffer(buf);
      if (typeof callback === "function") {
        callback();
      }
    };
    BufferListStream.prototype._read = function _read(size) {
      if (!this.length) {
        return this.push(null);
      }
      size = Math.min(size, this.length);
      this.push(this.slice(0, size));
      this.consume(size);
    };
    BufferListStream.prototype.end = function end(chunk) {
      DuplexStream.prototype.end.call(this, chunk);
      if (this._callback) {
        this._callback(null, this.slice());
        this._callback = null;
      }
    };
    BufferListStream.prototype._destroy = function _destroy(err, cb) {
      this._bufs.length = 0;
      this.length = 0;
      cb(err);
    };
    BufferListStream.prototype._isBufferList = function _isBufferList(b) {
      return b instanceof BufferListStream || b instanceof BufferList || BufferListStream.isBufferList(b);
    };
    BufferListStream.isBufferList = BufferList.isBufferList;
    module2.exports = BufferListStream;
    module2.exports.BufferListStream = BufferListStream;
    module2.exports.BufferList = BufferList;
  }
});

// node_modules/mqtt-packet/packet.js
var require_packet2 = __commonJS({
  "node_modules/mqtt-packet/packet.js"(exports2, module2) {
    var Packet6 = class {
      constructor() {
        this.cmd = null;
        this.retain = false;
        this.qos = 0;
        this.dup = false;
        this.length = -1;
        this.topic = null;
        this.payload = null;
      }
    };
    module2.exports = Packet6;
  }
});

// node_modules/mqtt-packet/constants.js
var require_constants2 = __commonJS({
  "node_modules/mqtt-packet/constants.js"(exports2, module2) {
    var protocol = module2.exports;
    var { Buffer: Buffer2 } = require("buffer");
    protocol.types = {
      0: "reserved",
      1: "connect",
      2: "connack",
      3: "publish",
      4: "puback",
      5: "pubrec",
      6: "pubrel",
      7: "pubcomp",
      8: "subscribe",
      9: "suback",
      10: "unsubscribe",
      11: "unsuback",
      12: "pingreq",
      13: "pingresp",
      14: "disconnect",
      15: "auth"
    };
    protocol.requiredHeaderFlags = {
      1: 0,
      // 'connect'
      2: 0,
      // 'connack'
      4: 0,
      // 'puback'
      5: 0,
      // 'pubrec'
      6: 2,
      // 'pubrel'
      7: 0,
      // 'pubcomp'
      8: 2,
      // 'subscribe'
      9: 0,
      // 'suback'
      10: 2,
      // 'unsubscribe'
      11: 0,
      // 'unsuback'
      12: 0,
      // 'pingreq'
      13: 0,
      // 'pingresp'
      14: 0,
      // 'disconnect'
      15: 0
      // 'auth'
    };
    protocol.requiredHeaderFlagsErrors = {};
    for (const k in protocol.requiredHeaderFlags) {
      const v = protocol.requiredHeaderFlags[k];
      protocol.requiredHeaderFlagsErrors[k] = "Invalid header flag bits, must be 0x" + v.toString(16) + " for " + protocol.types[k] + " packet";
    }
    protocol.codes = {};
    for (const k in protocol.types) {
      const v = protocol.types[k];
      protocol.codes[v] = k;
    }
    protocol.CMD_SHIFT = 4;
    protocol.CMD_MASK = 240;
    protocol.DUP_MASK = 8;
    protocol.QOS_MASK = 3;
    protocol.QOS_SHIFT = 1;
    protocol.RETAIN_MASK = 1;
    protocol.VARBYTEINT_MASK = 127;
    protocol.VARBYTEINT_FIN_MASK = 128;
    protocol.VARBYTEINT_MAX = 268435455;
    protocol.SESSIONPRESENT_MASK = 1;
    protocol.SESSIONPRESENT_HEADER = Buffer2.from([protocol.SESSIONPRESENT_MASK]);
    protocol.CONNACK_HEADER = Buffer2.from([protocol.codes.connack << protocol.CMD_SHIFT]);
    protocol.USERNAME_MASK = 128;
    protocol.PASSWORD_MASK = 64;
    protocol.WILL_RETAIN_MASK = 32;
    protocol.WILL_QOS_MASK = 24;
    protocol.WILL_QOS_SHIFT = 3;
    protocol.WILL_FLAG_MASK = 4;
    protocol.CLEAN_SESSION_MASK = 2;
    protocol.CONNECT_HEADER = Buffer2.from([protocol.codes.connect << protocol.CMD_SHIFT]);
    protocol.properties = {
      sessionExpiryInterval: 17,
      willDelayInterval: 24,
      receiveMaximum: 33,
      maximumPacketSize: 39,
      topicAliasMaximum: 34,
      requestResponseInformation: 25,
      requestProblemInformation: 23,
      userProperties: 38,
      authenticationMethod: 21,
      authenticationData: 22,
      payloadFormatIndicator: 1,
      messageExpiryInterval: 2,
      contentType: 3,
      responseTopic: 8,
      correlationData: 9,
      maximumQoS: 36,
      retainAvailable: 37,
      assignedClientIdentifier: 18,
      reasonString: 31,
      wildcardSubscriptionAvailable: 40,
      subscriptionIdentifiersAvailable: 41,
      sharedSubscriptionAvailable: 42,
      serverKeepAlive: 19,
      responseInformation: 26,
      serverReference: 28,
      topicAlias: 35,
      subscriptionIdentifier: 11
    };
    protocol.propertiesCodes = {};
    for (const prop in protocol.properties) {
      const id = protocol.properties[prop];
      protocol.propertiesCodes[id] = prop;
    }
    protocol.propertiesTypes = {
      sessionExpiryInterval: "int32",
      willDelayInterval: "int32",
      receiveMaximum: "int16",
      maximumPacketSize: "int32",
      topicAliasMaximum: "int16",
      requestResponseInformation: "byte",
      requestProblemInformation: "byte",
      userProperties: "pair",
      authenticationMethod: "string",
      authenticationData: "binary",
      payloadFormatIndicator: "byte",
      messageExpiryInterval: "int32",
      contentType: "string",
      responseTopic: "string",
      correlationData: "binary",
      maximumQoS: "int8",
      retainAvailable: "byte",
      assignedClientIdentifier: "string",
      reasonString: "string",
      wildcardSubscriptionAvailable: "byte",
      subscriptionIdentifiersAvailable: "byte",
      sharedSubscriptionAvailable: "byte",
      serverKeepAlive: "int16",
      responseInformation: "string",
      serverReference: "string",
      topicAlias: "int16",
      subscriptionIdentifier: "var"
    };
    function genHeader(type) {
      return [0, 1, 2].map((qos) => {
        return [0, 1].map((dup) => {
          return [0, 1].map((retain) => {
            const buf = Buffer2.alloc(1);
            buf.writeUInt8(
              protocol.codes[type] << protocol.CMD_SHIFT | (dup ? protocol.DUP_MASK : 0) | qos << protocol.QOS_SHIFT | retain,
              0,
              true
            );
            return buf;
          });
        });
      });
    }
    protocol.PUBLISH_HEADER = genHeader("publish");
    protocol.SUBSCRIBE_HEADER = genHeader("subscribe");
    protocol.SUBSCRIBE_OPTIONS_QOS_MASK = 3;
    protocol.SUBSCRIBE_OPTIONS_NL_MASK = 1;
    protocol.SUBSCRIBE_OPTIONS_NL_SHIFT = 2;
    protocol.SUBSCRIBE_OPTIONS_RAP_MASK = 1;
    protocol.SUBSCRIBE_OPTIONS_RAP_SHIFT = 3;
    protocol.SUBSCRIBE_OPTIONS_RH_MASK = 3;
    protocol.SUBSCRIBE_OPTIONS_RH_SHIFT = 4;
    protocol.SUBSCRIBE_OPTIONS_RH = [0, 16, 32];
    protocol.SUBSCRIBE_OPTIONS_NL = 4;
    protocol.SUBSCRIBE_OPTIONS_RAP = 8;
    protocol.SUBSCRIBE_OPTIONS_QOS = [0, 1, 2];
    protocol.UNSUBSCRIBE_HEADER = genHeader("unsubscribe");
    protocol.ACKS = {
      unsuback: genHeader("unsuback"),
      puback: genHeader("puback"),
      pubcomp: genHeader("pubcomp"),
      pubrel: genHeader("pubrel"),
      pubrec: genHeader("pubrec")
    };
    protocol.SUBACK_HEADER = Buffer2.from([protocol.codes.suback << protocol.CMD_SHIFT]);
    protocol.VERSION3 = Buffer2.from([3]);
    protocol.VERSION4 = Buffer2.from([4]);
    protocol.VERSION5 = Buffer2.from([5]);
    protocol.VERSION131 = Buffer2.from([131]);
    protocol.VERSION132 = Buffer2.from([132]);
    protocol.QOS = [0, 1, 2].map((qos) => {
      return Buffer2.from([qos]);
    });
    protocol.EMPTY = {
      pingreq: Buffer2.from([protocol.codes.pingreq << 4, 0]),
      pingresp: Buffer2.from([protocol.codes.pingresp << 4, 0]),
      disconnect: Buffer2.from([protocol.codes.disconnect << 4, 0])
    };
    protocol.MQTT5_PUBACK_PUBREC_CODES = {
      0: "Success",
      16: "No matching subscribers",
      128: "Unspecified error",
      131: "Implementation specific error",
      135: "Not authorized",
      144: "Topic Name invalid",
      145: "Packet identifier in use",
      151: "Quota exceeded",
      153: "Payload format invalid"
    };
    protocol.MQTT5_PUBREL_PUBCOMP_CODES = {
      0: "Success",
      146: "Packet Identifier not found"
    };
    protocol.MQTT5_SUBACK_CODES = {
      0: "Granted QoS 0",
      1: "Granted QoS 1",
      2: "Granted QoS 2",
      128: "Unspecified error",
      131: "Implementation specific error",
      135: "Not authorized",
      143: "Topic Filter invalid",
      145: "Packet Identifier in use",
      151: "Quota exceeded",
      158: "Shared Subscriptions not supported",
      161: "Subscription Identifiers not supported",
      162: "Wildcard Subscriptions not supported"
    };
    protocol.MQTT5_UNSUBACK_CODES = {
      0: "Success",
      17: "No subscription existed",
      128: "Unspecified error",
      131: "Implementation specific error",
      135: "Not authorized",
      143: "Topic Filter invalid",
      145: "Packet Identifier in use"
    };
    protocol.MQTT5_DISCONNECT_CODES = {
      0: "Normal disconnection",
      4: "Disconnect with Will Message",
      128: "Unspecified error",
      129: "Malformed Packet",
      130: "Protocol Error",
      131: "Implementation specific error",
      135: "Not authorized",
      137: "Server busy",
      139: "Server shutting down",
      141: "Keep Alive timeout",
      142: "Session taken over",
      143: "Topic Filter invalid",
      144: "Topic Name invalid",
      147: "Receive Maximum exceeded",
      148: "Topic Alias invalid",
      149: "Packet too large",
      150: "Message rate too high",
      151: "Quota exceeded",
      152: "Administrative action",
      153: "Payload format invalid",
      154: "Retain not supported",
      155: "QoS not supported",
      156: "Use another server",
      157: "Server moved",
      158: "Shared Subscriptions not supported",
      159: "Connection rate exceeded",
      160: "Maximum connect time",
      161: "Subscription Identifiers not supported",
      162: "Wildcard Subscriptions not supported"
    };
    protocol.MQTT5_AUTH_CODES = {
      0: "Success",
      24: "Continue authentication",
      25: "Re-authenticate"
    };
  }
});

// node_modules/ms/index.js
var require_ms = __commonJS({
  "node_modules/ms/index.js"(exports2, module2) {
    var s = 1e3;
    var m = s * 60;
    var h = m * 60;
    var d = h * 24;
    var w = d * 7;
    var y = d * 365.25;
    module2.exports = function(val, options) {
      options = options || {};
      var type = typeof val;
      if (type === "string" && val.length > 0) {
        return parse(val);
      } else if (type === "number" && isFinite(val)) {
        return options.long ? fmtLong(val) : fmtShort(val);
      }
      throw new Error(
        "val is not a non-empty string or a valid number. val=" + JSON.stringify(val)
      );
    };
    function parse(str) {
      str = String(str);
      if (str.length > 100) {
        return;
      }
      var match = /^(-?(?:\d+)?\.?\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$/i.exec(
        str
      );
      if (!match) {
        return;
      }
      var n = parseFloat(match[1]);
      var type = (match[2] || "ms").toLowerCase();
      switch (type) {
        case "years":
        case "year":
        case "yrs":
        case "yr":
        case "y":
          return n * y;
        case "weeks":
        case "week":
        case "w":
          return n * w;
        case "days":
        case "day":
        case "d":
          return n * d;
        case "hours":
        case "hour":
        case "hrs":
        case "hr":
        case "h":
          return n * h;
        case "minutes":
        case "minute":
        case "mins":
        case "min":
        case "m":
          return n * m;
        case "seconds":
        case "second":
        case "secs":
        case "sec":
        case "s":
          return n * s;
        case "milliseconds":
        case "millisecond":
        case "msecs":
        case "msec":
        case "ms":
          return n;
        default:
          return void 0;
      }
    }
    function fmtShort(ms) {
      var msAbs = Math.abs(ms);
      if (msAbs >= d) {
        return Math.round(ms / d) + "d";
      }
      if (msAbs >= h) {
        return Math.round(ms / h) + "h";
      }
      if (msAbs >= m) {
        return Math.round(ms / m) + "m";
      }
      if (msAbs >= s) {
        return Math.round(ms / s) + "s";
      }
      return ms + "ms";
    }
    function fmtLong(ms) {
      var msAbs = Math.abs(ms);
      if (msAbs >= d) {
        return plural(ms, msAbs, d, "day");
      }
      if (msAbs >= h) {
        return plural(ms, msAbs, h, "hour");
      }
      if (msAbs >= m) {
        return plural(ms, msAbs, m, "minute");
      }
      if (msAbs >= s) {
        return plural(ms, msAbs, s, "second");
      }
      return ms + " ms";
    }
    function plural(ms, msAbs, n, name) {
      var isPlural = msAbs >= n * 1.5;
      return Math.round(ms / n) + " " + name + (isPlural ? "s" : "");
    }
  }
});

// node_modules/debug/src/common.js
var require_common = __commonJS({
  "node_modules/debug/src/common.js"(exports2, module2) {
    function setup(env) {
      createDebug.debug = createDebug;
      createDebug.default = createDebug;
      createDebug.coerce = coerce;
      createDebug.disable = disable;
      createDebug.enable = enable;
      createDebug.enabled = enabled;
      createDebug.humanize = require_ms();
      createDebug.destroy = destroy;
      Object.keys(env).forEach((key) => {
        createDebug[key] = env[key];
      });
      createDebug.names = [];
      createDebug.skips = [];
      createDebug.formatters = {};
      function selectColor(namespace) {
        let hash = 0;
        for (let i = 0; i < namespace.length; i++) {
          hash = (hash << 5) - hash + namespace.charCodeAt(i);
          hash |= 0;
        }
        return createDebug.colors[Math.abs(hash) % createDebug.colors.length];
      }
      createDebug.selectColor = selectColor;
      function createDebug(namespace) {
        let prevTime;
        let enableOverride = null;
        let namespacesCache;
        let enabledCache;
        function debug(...args) {
          if (!debug.enabled) {
            return;
          }
          const self2 = debug;
          const curr = Number(/* @__PURE__ */ new Date());
          const ms = curr - (prevTime || curr);
          self2.diff = ms;
          self2.prev = prevTime;
          self2.curr = curr;
          prevTime = curr;
          args[0] = createDebug.coerce(args[0]);
          if (typeof args[0] !== "string") {
            args.unshift("%O");
          }
          let index = 0;
          args[0] = args[0].replace(/%([a-zA-Z%])/g, (match, format) => {
            if (match === "%%") {
              return "%";
            }
            index++;
            const formatter = createDebug.formatters[format];
            if (typeof formatter === "function") {
              const val = args[index];
              match = formatter.call(self2, val);
              args.splice(index, 1);
              index--;
            }
            return match;
          });
          createDebug.formatArgs.call(self2, args);
          const logFn = self2.log || createDebug.log;
          logFn.apply(self2, args);
        }
        debug.namespace = namespace;
        debug.useColors = createDebug.useColors();
        debug.color = createDebug.selectColor(namespace);
        debug.extend = extend;
        debug.destroy = createDebug.destroy;
        Object.defineProperty(debug, "enabled", {
          enumerable: true,
          configurable: false,
          get: () => {
            if (enableOverride !== null) {
              return enableOverride;
            }
            if (namespacesCache !== createDebug.namespaces) {
              namespacesCache = createDebug.namespaces;
              enabledCache = createDebug.enabled(namespace);
            }
            return enabledCache;
          },
          set: (v) => {
            enableOverride = v;
          }
        });
        if (typeof createDebug.init === "function") {
          createDebug.init(debug);
        }
        return debug;
      }
      function extend(namespace, delimiter) {
        const newDebug = createDebug(this.namespace + (typeof delimiter === "undefined" ? ":" : delimiter) + namespace);
        newDebug.log = this.log;
        return newDebug;
      }
      function enable(namespaces) {
        createDebug.save(namespaces);
        createDebug.namespaces = namespaces;
        createDebug.names = [];
        createDebug.skips = [];
        const split = (typeof namespaces === "string" ? namespaces : "").trim().replace(/\s+/g, ",").split(",").filter(Boolean);
        for (const ns of split) {
          if (ns[0] === "-") {
            createDebug.skips.push(ns.slice(1));
          } else {
            createDebug.names.push(ns);
          }
        }
      }
      function matchesTemplate(search, template) {
        let searchIndex = 0;
        let templateIndex = 0;
        let starIndex = -1;
        let matchIndex = 0;
        while (searchIndex < search.length) {
          if (templateIndex < template.length && (template[templateIndex] === search[searchIndex] || template[templateIndex] === "*")) {
            if (template[templateIndex] === "*") {
              starIndex = templateIndex;
              matchIndex = searchIndex;
              templateIndex++;
            } else {
              searchIndex++;
              templateIndex++;
            }
          } else if (starIndex !== -1) {
            templateIndex = starIndex + 1;
            matchIndex++;
            searchIndex = matchIndex;
          } else {
            return false;
          }
        }
        while (templateIndex < template.length && template[templateIndex] === "*") {
          templateIndex++;
        }
        return templateIndex === template.length;
      }
      function disable() {
        const namespaces = [
          ...createDebug.names,
          ...createDebug.skips.map((namespace) => "-" + namespace)
        ].join(",");
        createDebug.enable("");
        return namespaces;
      }
      function enabled(name) {
        for (const skip of createDebug.skips) {
          if (matchesTemplate(name, skip)) {
            return false;
          }
        }
        for (const ns of createDebug.names) {
          if (matchesTemplate(name, ns)) {
            return true;
          }
        }
        return false;
      }
      function coerce(val) {
        if (val instanceof Error) {
          return val.stack || val.message;
        }
        return val;
      }
      function destroy() {
        console.warn("Instance method `debug.destroy()` is deprecated and no longer does anything. It will be removed in the next major version of `debug`.");
      }
      createDebug.enable(createDebug.load());
      return createDebug;
    }
    module2.exports = setup;
  }
});

// node_modules/debug/src/browser.js
var require_browser2 = __commonJS({
  "node_modules/debug/src/browser.js"(exports2, module2) {
    exports2.formatArgs = formatArgs;
    exports2.save = save;
    exports2.load = load;
    exports2.useColors = useColors;
    exports2.storage = localstorage();
    exports2.destroy = /* @__PURE__ */ (() => {
      let warned = false;
      return () => {
        if (!warned) {
          warned = true;
          console.warn("Instance method `debug.destroy()` is deprecated and no longer does anything. It will be removed in the next major version of `debug`.");
        }
      };
    })();
    exports2.colors = [
      "#0000CC",
      "#0000FF",
      "#0033CC",
      "#0033FF",
      "#0066CC",
      "#0066FF",
      "#0099CC",
      "#0099FF",
      "#00CC00",
      "#00CC33",
      "#00CC66",
      "#00CC99",
      "#00CCCC",
      "#00CCFF",
      "#3300CC",
      "#3300FF",
      "#3333CC",
      "#3333FF",
      "#3366CC",
      "#3366FF",
      "#3399CC",
      "#3399FF",
      "#33CC00",
      "#33CC33",
      "#33CC66",
      "#33CC99",
      "#33CCCC",
      "#33CCFF",
      "#6600CC",
      "#6600FF",
      "#6633CC",
      "#6633FF",
      "#66CC00",
      "#66CC33",
      "#9900CC",
      "#9900FF",
      "#9933CC",
      "#9933FF",
      "#99CC00",
      "#99CC33",
      "#CC0000",
      "#CC0033",
      "#CC0066",
      "#CC0099",
      "#CC00CC",
      "#CC00FF",
      "#CC3300",
      "#CC3333",
      "#CC3366",
      "#CC3399",
      "#CC33CC",
      "#CC33FF",
      "#CC6600",
      "#CC6633",
      "#CC9900",
      "#CC9933",
      "#CCCC00",
      "#CCCC33",
      "#FF0000",
      "#FF0033",
      "#FF0066",
      "#FF0099",
      "#FF00CC",
      "#FF00FF",
      "#FF3300",
      "#FF3333",
      "#FF3366",
      "#FF3399",
      "#FF33CC",
      "#FF33FF",
      "#FF6600",
      "#FF6633",
      "#FF9900",
      "#FF9933",
      "#FFCC00",
      "#FFCC33"
    ];
    function useColors() {
      if (typeof window !== "undefined" && window.process && (window.process.type === "renderer" || window.process.__nwjs)) {
        return true;
      }
      if (typeof navigator !== "undefined" && navigator.userAgent && navigator.userAgent.toLowerCase().match(/(edge|trident)\/(\d+)/)) {
        return false;
      }
      let m;
      return typeof document !== "undefined" && document.documentElement && document.documentElement.style && document.documentElement.style.WebkitAppearance || // Is firebug? http://stackoverflow.com/a/398120/376773
      typeof window !== "undefined" && window.console && (window.console.firebug || window.console.exception && window.console.table) || // Is firefox >= v31?
      // https://developer.mozilla.org/en-US/docs/Tools/Web_Console#Styling_messages
      typeof navigator !== "undefined" && navigator.userAgent && (m = navigator.userAgent.toLowerCase().match(/firefox\/(\d+)/)) && parseInt(m[1], 10) >= 31 || // Double check webkit in userAgent just in case we are in a worker
      typeof navigator !== "undefined" && navigator.userAgent && navigator.userAgent.toLowerCase().match(/applewebkit\/(\d+)/);
    }
    function formatArgs(args) {
      args[0] = (this.useColors ? "%c" : "") + this.namespace + (this.useColors ? " %c" : " ") + args[0] + (this.useColors ? "%c " : " ") + "+" + module2.exports.humanize(this.diff);
      if (!this.useColors) {
        return;
      }
      const c = "color: " + this.color;
      args.splice(1, 0, c, "color: inherit");
      let index = 0;
      let lastC = 0;
      args[0].replace(/%[a-zA-Z%]/g, (match) => {
        if (match === "%%") {
          return;
        }
        index++;
        if (match === "%c") {
          lastC = index;
        }
      });
      args.splice(lastC, 0, c);
    }
    exports2.log = console.debug || console.log || (() => {
    });
    function save(namespaces) {
      try {
        if (namespaces) {
          exports2.storage.setItem("debug", namespaces);
        } else {
          exports2.storage.removeItem("debug");
        }
      } catch (error) {
      }
    }
    function load() {
      let r;
      try {
        r = exports2.storage.getItem("debug") || exports2.storage.getItem("DEBUG");
      } catch (error) {
      }
      if (!r && typeof process !== "undefined" && "env" in process) {
        r = process.env.DEBUG;
      }
      return r;
    }
    function localstorage() {
      try {
        return localStorage;
      } catch (error) {
      }
    }
    module2.exports = require_common()(exports2);
    var { formatters } = module2.exports;
    formatters.j = function(v) {
      try {
        return JSON.stringify(v);
      } catch (error) {
        return "[UnexpectedJSONParseError]: " + error.message;
      }
    };
  }
});

// node_modules/debug/src/node.js
var require_node = __commonJS({
  "node_modules/debug/src/node.js"(exports2, module2) {
    var tty = require("tty");
    var util2 = require("util");
    exports2.init = init2;
    exports2.log = log;
    exports2.formatArgs = formatArgs;
    exports2.save = save;
    exports2.load = load;
    exports2.useColors = useColors;
    exports2.destroy = util2.deprecate(
      () => {
      },
      "Instance method `debug.destroy()` is deprecated and no longer does anything. It will be removed in the next major version of `debug`."
    );
    exports2.colors = [6, 2, 3, 4, 5, 1];
    try {
      const supportsColor = require("supports-color");
      if (supportsColor && (supportsColor.stderr || supportsColor).level >= 2) {
        exports2.colors = [
          20,
          21,
          26,
          27,
          32,
          33,
          38,
          39,
          40,
          41,
          42,
          43,
          44,
          45,
          56,
          57,
          62,
          63,
          68,
          69,
          74,
          75,
          76,
          77,
          78,
          79,
          80,
          81,
          92,
          93,
          98,
          99,
          112,
          113,
          128,
          129,
          134,
          135,
          148,
          149,
          160,
          161,
          162,
          163,
          164,
          165,
          166,
          167,
          168,
          169,
          170,
          171,
          172,
          173,
          178,
          179,
          184,
          185,
          196,
          197,
          198,
          199,
          200,
          201,
          202,
          203,
          204,
          205,
          206,
          207,
          208,
          209,
          214,
          215,
          220,
          221
        ];
      }
    } catch (error) {
    }
    exports2.inspectOpts = Object.keys(process.env).filter((key) => {
      return /^debug_/i.test(key);
    }).reduce((obj, key) => {
      const prop = key.substring(6).toLowerCase().replace(/_([a-z])/g, (_, k) => {
        return k.toUpperCase();
      });
      let val = process.env[key];
      if (/^(yes|on|true|enabled)$/i.test(val)) {
        val = true;
      } else if (/^(no|off|false|disabled)$/i.test(val)) {
        val = false;
      } else if (val === "null") {
        val = null;
      } else {
        val = Number(val);
      }
      obj[prop] = val;
      return obj;
    }, {});
    function useColors() {
      return "colors" in exports2.inspectOpts ? Boolean(exports2.inspectOpts.colors) : tty.isatty(process.stderr.fd);
    }
    function formatArgs(args) {
      const { namespace: name, useColors: useColors2 } = this;
      if (useColors2) {
        const c = this.color;
        const colorCode = "\x1B[3" + (c < 8 ? c : "8;5;" + c);
        const prefix = `  ${colorCode};1m${name} \x1B[0m`;
        args[0] = prefix + args[0].split("\n").join("\n" + prefix);
        args.push(colorCode + "m+" + module2.exports.humanize(this.diff) + "\x1B[0m");
      } else {
        args[0] = getDate() + name + " " + args[0];
      }
    }
    function getDate() {
      if (exports2.inspectOpts.hideDate) {
        return "";
      }
      return (/* @__PURE__ */ new Date()).toISOString() + " ";
    }
    function log(...args) {
      return process.stderr.write(util2.formatWithOptions(exports2.inspectOpts, ...args) + "\n");
    }
    function save(namespaces) {
      if (namespaces) {
        process.env.DEBUG = namespaces;
      } else {
        delete process.env.DEBUG;
      }
    }
    function load() {
      return process.env.DEBUG;
    }
    function init2(debug) {
      debug.inspectOpts = {};
      const keys = Object.keys(exports2.inspectOpts);
      for (let i = 0; i < keys.length; i++) {
        debug.inspectOpts[keys[i]] = exports2.inspectOpts[keys[i]];
      }
    }
    module2.exports = require_common()(exports2);
    var { formatters } = module2.exports;
    formatters.o = function(v) {
      this.inspectOpts.colors = this.useColors;
      return util2.inspect(v, this.inspectOpts).split("\n").map((str) => str.trim()).join(" ");
    };
    formatters.O = function(v) {
      this.inspectOpts.colors = this.useColors;
      return util2.inspect(v, this.inspectOpts);
    };
  }
});

// node_modules/debug/src/index.js
var require_src = __commonJS({
  "node_modules/debug/src/index.js"(exports2, module2) {
    if (typeof process === "undefined" || process.type === "renderer" || process.browser === true || process.__nwjs) {
      module2.exports = require_browser2();
    } else {
      module2.exports = require_node();
    }
  }
});

// node_modules/mqtt-packet/parser.js
var require_parser2 = __commonJS({
  "node_modules/mqtt-packet/parser.js"(exports2, module2) {
    var bl = require_bl();
    var { EventEmitter: EventEmitter3 } = require("events");
    var Packet6 = require_packet2();
    var constants3 = require_constants2();
    var debug = require_src()("mqtt-packet:parser");
    var Parser = class _Parser extends EventEmitter3 {
      constructor() {
        super();
        this.parser = this.constructor.parser;
      }
      static parser(opt) {
        if (!(this instanceof _Parser)) return new _Parser().parser(opt);
        this.settings = opt || {};
        this._states = [
          "_parseHeader",
          "_parseLength",
          "_parsePayload",
          "_newPacket"
        ];
        this._resetState();
        return this;
      }
      _resetState() {
        debug("_resetState: resetting packet, error, _list, and _stateCounter");
        this.packet = new Packet6();
        this.error = null;
        this._list = bl();
        this._stateCounter = 0;
      }
      parse(buf) {
        if (this.error) this._resetState();
        this._list.append(buf);
        debug("parse: current state: %s", this._states[this._stateCounter]);
        while ((this.packet.length !== -1 || this._list.length > 0) && this[this._states[this._stateCounter]]() && !this.error) {
          this._stateCounter++;
          debug("parse: state complete. _stateCounter is now: %d", this._stateCounter);
          debug("parse: packet.length: %d, buffer list length: %d", this.packet.length, this._list.length);
          if (this._stateCounter >= this._states.length) this._stateCounter = 0;
        }
        debug("parse: exited while loop. packet: %d, buffer list length: %d", this.packet.length, this._list.length);
        return this._list.length;
      }
      _parseHeader() {
        const zero = this._list.readUInt8(0);
        const cmdIndex = zero >> constants3.CMD_SHIFT;
        this.packet.cmd = constants3.types[cmdIndex];
        const headerFlags = zero & 15;
        const requiredHeaderFlags = constants3.requiredHeaderFlags[cmdIndex];
        if (requiredHeaderFlags != null && headerFlags !== requiredHeaderFlags) {
          return this._emitError(new Error(constants3.requiredHeaderFlagsErrors[cmdIndex]));
        }
        this.packet.retain = (zero & constants3.RETAIN_MASK) !== 0;
        this.packet.qos = zero >> constants3.QOS_SHIFT & constants3.QOS_MASK;
        if (this.packet.qos > 2) {
          return this._emitError(new Error("Packet must not have both QoS bits set to 1"));
        }
        this.packet.dup = (zero & constants3.DUP_MASK) !== 0;
        debug("_parseHeader: packet: %o", this.packet);
        this._list.consume(1);
        return true;
      }
      _parseLength() {
        const result = this._parseVarByteNum(true);
        if (result) {
          this.packet.length = result.value;
          this._list.consume(result.bytes);
        }
        debug("_parseLength %d", result.value);
        return !!result;
      }
      _parsePayload() {
        debug("_parsePayload: payload %O", this._list);
        let result = false;
        if (this.packet.length === 0 || this._list.length >= this.packet.length) {
          this._pos = 0;
          switch (this.packet.cmd) {
            case "connect":
              this._parseConnect();
              break;
            case "connack":
              this._parseConnack();
              break;
            case "publish":
              this._parsePublish();
              break;
            case "puback":
            case "pubrec":
            case "pubrel":
            case "pubcomp":
              this._parseConfirmation();
              break;
            case "subscribe":
              this._parseSubscribe();
              break;
            case "suback":
              this._parseSuback();
              break;
            case "unsubscribe":
              this._parseUnsubscribe();
              break;
            case "unsuback":
              this._parseUnsuback();
              break;
            case "pingreq":
            case "pingresp":
              break;
            case "disconnect":
              this._parseDisconnect();
              break;
            case "auth":
              this._parseAuth();
              break;
            default:
              this._emitError(new Error("Not supported"));
          }
          result = true;
        }
        debug("_parsePayload complete result: %s", result);
        return result;
      }
      _parseConnect() {
        debug("_parseConnect");
        let topic;
        let payload;
        let password;
        let username;
        const flags = {};
        const packet = this.packet;
        const protocolId = this._parseString();
        if (protocolId === null) return this._emitError(new Error("Cannot parse protocolId"));
        if (protocolId !== "MQTT" && protocolId !== "MQIsdp") {
          return this._emitError(new Error("Invalid protocolId"));
        }
        packet.protocolId = protocolId;
        if (this._pos >= this._list.length) return this._emitError(new Error("Packet too short"));
        packet.protocolVersion = this._list.readUInt8(this._pos);
        if (packet.protocolVersion >= 128) {
          packet.bridgeMode = true;
          packet.protocolVersion = packet.protocolVersion - 128;
        }
        if (packet.protocolVersion !== 3 && packet.protocolVersion !== 4 && packet.protocolVersion !== 5) {
          return this._emitError(new Error("Invalid protocol version"));
        }
        this._pos++;
        if (this._pos >= this._list.length) {
          return this._emitError(new Error("Packet too short"));
        }
        if (this._list.readUInt8(this._pos) & 1) {
          return this._emitError(new Error("Connect flag bit 0 must be 0, but got 1"));
        }
        flags.username = this._list.readUInt8(this._pos) & constants3.USERNAME_MASK;
        flags.password = this._list.readUInt8(this._pos) & constants3.PASSWORD_MASK;
        flags.will = this._list.readUInt8(this._pos) & constants3.WILL_FLAG_MASK;
        const willRetain = !!(this._list.readUInt8(this._pos) & constants3.WILL_RETAIN_MASK);
        const willQos = (this._list.readUInt8(this._pos) & constants3.WILL_QOS_MASK) >> constants3.WILL_QOS_SHIFT;
        if (flags.will) {
          packet.will = {};
          packet.will.retain = willRetain;
          packet.will.qos = willQos;
        } else {
          if (willRetain) {
            return this._emitError(new Error("Will Retain Flag must be set to zero when Will Flag is set to 0"));
          }
          if (willQos) {
            return this._emitError(new Error("Will QoS must be set to zero when Will Flag is set to 0"));
          }
        }
        packet.clean = (this._list.readUInt8(this._pos) & constants3.CLEAN_SESSION_MASK) !== 0;
        this._pos++;
        packet.keepalive = this._parseNum();
        if (packet.keepalive === -1) return this._emitError(new Error("Packet too short"));
        if (packet.protocolVersion === 5) {
          const properties = this._parseProperties();
          if (Object.getOwnPropertyNames(properties).length) {
            packet.properties = properties;
          }
        }
        const clientId = this._parseString();
        if (clientId === null) return this._emitError(new Error("Packet too short"));
        packet.clientId = clientId;
        debug("_parseConnect: packet.clientId: %s", packet.clientId);
        if (flags.will) {
          if (packet.protocolVersion === 5) {
            const willProperties = this._parseProperties();
            if (Object.getOwnPropertyNames(willProperties).length) {
              packet.will.properties = willProperties;
            }
          }
          topic = this._parseString();
          if (topic === null) return this._emitError(new Error("Cannot parse will topic"));
          packet.will.topic = topic;
          debug("_parseConnect: packet.will.topic: %s", packet.will.topic);
          payload = this._parseBuffer();
          if (payload === null) return this._emitError(new Error("Cannot parse will payload"));
          packet.will.payload = payload;
          debug("_parseConnect: packet.will.paylaod: %s", packet.will.payload);
        }
        if (flags.username) {
          username = this._parseString();
          if (username === null) return this._emitError(new Error("Cannot parse username"));
          packet.username = username;
          debug("_parseConnect: packet.username: %s", packet.username);
        }
        if (flags.password) {
          password = this._parseBuffer();
          if (password === null) return this._emitError(new Error("Cannot parse password"));
          packet.password = password;
        }
        this.settings = packet;
        debug("_parseConnect: complete");
        return packet;
      }
      _parseConnack() {
        debug("_parseConnack");
        const packet = this.packet;
        if (this._list.length < 1) return null;
        const flags = this._list.readUInt8(this._pos++);
        if (flags > 1) {
          return this._emitError(new Error("Invalid connack flags, bits 7-1 must be set to 0"));
        }
        packet.sessionPresent = !!(flags & constants3.SESSIONPRESENT_MASK);
        if (this.settings.protocolVersion === 5) {
          if (this._list.length >= 2) {
            packet.reasonCode = this._list.readUInt8(this._pos++);
          } else {
            packet.reasonCode = 0;
          }
        } else {
          if (this._list.length < 2) return null;
          packet.returnCode = this._list.readUInt8(this._pos++);
        }
        if (packet.returnCode === -1 || packet.reasonCode === -1) return this._emitError(new Error("Cannot parse return code"));
        if (this.settings.protocolVersion === 5) {
          const properties = this._parseProperties();
          if (Object.getOwnPropertyNames(properties).length) {
            packet.properties = properties;
          }
        }
        debug("_parseConnack: complete");
      }
      _parsePublish() {
        debug("_parsePublish");
        const packet = this.packet;
        packet.topic = this._parseString();
        if (packet.topic === null) return this._emitError(new Error("Cannot parse topic"));
        if (packet.qos > 0) {
          if (!this._parseMessageId()) {
            return;
          }
        }
        if (this.settings.protocolVersion === 5) {
          const properties = this._parseProperties();
          if (Object.getOwnPropertyNames(properties).length) {
            packet.properties = properties;
          }
        }
        packet.payload = this._list.slice(this._pos, packet.length);
        debug("_parsePublish: payload from buffer list: %o", packet.payload);
      }
      _parseSubscribe() {
        debug("_parseSubscribe");
        const packet = this.packet;
        let topic;
        let options;
        let qos;
        let rh;
        let rap;
        let nl;
        let subscription;
        packet.subscriptions = [];
        if (!this._parseMessageId()) {
          return;
        }
        if (this.settings.protocolVersion === 5) {
          const properties = this._parseProperties();
          if (Object.getOwnPropertyNames(properties).length) {
            packet.properties = properties;
          }
        }
        if (packet.length <= 0) {
          return this._emitError(new Error("Malformed subscribe, no payload specified"));
        }
        while (this._pos < packet.length) {
          topic = this._parseString();
          if (topic === null) return this._emitError(new Error("Cannot parse topic"));
          if (this._pos >= packet.length) return this._emitError(new Error("Malformed Subscribe Payload"));
          options = this._parseByte();
          if (this.settings.protocolVersion === 5) {
            if (options & 192) {
              return this._emitError(new Error("Invalid subscribe topic flag bits, bits 7-6 must be 0"));
            }
          } else {
            if (options & 252) {
              return this._emitError(new Error("Invalid subscribe topic flag bits, bits 7-2 must be 0"));
            }
          }
          qos = options & constants3.SUBSCRIBE_OPTIONS_QOS_MASK;
          if (qos > 2) {
            return this._emitError(new Error("Invalid subscribe QoS, must be <= 2"));
          }
          nl = (options >> constants3.SUBSCRIBE_OPTIONS_NL_SHIFT & constants3.SUBSCRIBE_OPTIONS_NL_MASK) !== 0;
          rap = (options >> constants3.SUBSCRIBE_OPTIONS_RAP_SHIFT & constants3.SUBSCRIBE_OPTIONS_RAP_MASK) !== 0;
          rh = options >> constants3.SUBSCRIBE_OPTIONS_RH_SHIFT & constants3.SUBSCRIBE_OPTIONS_RH_MASK;
          if (rh > 2) {
            return this._emitError(new Error("Invalid retain handling, must be <= 2"));
          }
          subscription = { topic, qos };
          if (this.settings.protocolVersion === 5) {
            subscription.nl = nl;
            subscription.rap = rap;
            subscription.rh = rh;
          } else if (this.settings.bridgeMode) {
            subscription.rh = 0;
            subscription.rap = true;
            subscription.nl = true;
          }
          debug("_parseSubscribe: push subscription `%s` to subscription", subscription);
          packet.subscriptions.push(subscription);
        }
      }
      _parseSuback() {
        debug("_parseSuback");
        const packet = this.packet;
        this.packet.granted = [];
        if (!this._parseMessageId()) {
          return;
        }
        if (this.settings.protocolVersion === 5) {
          const properties = this._parseProperties();
          if (Object.getOwnPropertyNames(properties).length) {
            packet.properties = properties;
          }
        }
        if (packet.length <= 0) {
          return this._emitError(new Error("Malformed suback, no payload specified"));
        }
        while (this._pos < this.packet.length) {
          const code = this._list.readUInt8(this._pos++);
          if (this.settings.protocolVersion === 5) {
            if (!constants3.MQTT5_SUBACK_CODES[code]) {
              return this._emitError(new Error("Invalid suback code"));
            }
          } else {
            if (code > 2 && code !== 128) {
              return this._emitError(new Error("Invalid suback QoS, must be 0, 1, 2 or 128"));
            }
          }
          this.packet.granted.push(code);
        }
      }
      _parseUnsubscribe() {
        debug("_parseUnsubscribe");
        const packet = this.packet;
        packet.unsubscriptions = [];
        if (!this._parseMessageId()) {
          return;
        }
        if (this.settings.protocolVersion === 5) {
          const properties = this._parseProperties();
          if (Object.getOwnPropertyNames(properties).length) {
            packet.properties = properties;
          }
        }
        if (packet.length <= 0) {
          return this._emitError(new Error("Malformed unsubscribe, no payload specified"));
        }
        while (this._pos < packet.length) {
          const topic = this._parseString();
          if (topic === null) return this._emitError(new Error("Cannot parse topic"));
          debug("_parseUnsubscribe: push topic `%s` to unsubscriptions", topic);
          packet.unsubscriptions.push(topic);
        }
      }
      _parseUnsuback() {
        debug("_parseUnsuback");
        const packet = this.packet;
        if (!this._parseMessageId()) return this._emitError(new Error("Cannot parse messageId"));
        if ((this.settings.protocolVersion === 3 || this.settings.protocolVersion === 4) && packet.length !== 2) {
          return this._emitError(new Error("Malformed unsuback, payload length must be 2"));
        }
        if (packet.length <= 0) {
          return this._emitError(new Error("Malformed unsuback, no payload specified"));
        }
        if (this.settings.protocolVersion === 5) {
          const properties = this._parseProperties();
          if (Object.getOwnPropertyNames(properties).length) {
            packet.properties = properties;
          }
          packet.granted = [];
          while (this._pos < this.packet.length) {
            const code = this._list.readUInt8(this._pos++);
            if (!constants3.MQTT5_UNSUBACK_CODES[code]) {
              return this._emitError(new Error("Invalid unsuback code"));
            }
            this.packet.granted.push(code);
          }
        }
      }
      // parse packets like puback, pubrec, pubrel, pubcomp
      _parseConfirmation() {
        debug("_parseConfirmation: packet.cmd: `%s`", this.packet.cmd);
        const packet = this.packet;
        this._parseMessageId();
        if (this.settings.protocolVersion === 5) {
          if (packet.length > 2) {
            packet.reasonCode = this._parseByte();
            switch (this.packet.cmd) {
              case "puback":
              case "pubrec":
                if (!constants3.MQTT5_PUBACK_PUBREC_CODES[packet.reasonCode]) {
                  return this._emitError(new Error("Invalid " + this.packet.cmd + " reason code"));
                }
                break;
              case "pubrel":
              case "pubcomp":
                if (!constants3.MQTT5_PUBREL_PUBCOMP_CODES[packet.reasonCode]) {
                  return this._emitError(new Error("Invalid " + this.packet.cmd + " reason code"));
                }
                break;
            }
            debug("_parseConfirmation: packet.reasonCode `%d`", packet.reasonCode);
          } else {
            packet.reasonCode = 0;
          }
          if (packet.length > 3) {
            const properties = this._parseProperties();
            if (Object.getOwnPropertyNames(properties).length) {
              packet.properties = properties;
            }
          }
        }
        return true;
      }
      // parse disconnect packet
      _parseDisconnect() {
        const packet = this.packet;
        debug("_parseDisconnect");
        if (this.settings.protocolVersion === 5) {
          if (this._list.length > 0) {
            packet.reasonCode = this._parseByte();
            if (!constants3.MQTT5_DISCONNECT_CODES[packet.reasonCode]) {
              this._emitError(new Error("Invalid disconnect reason code"));
            }
          } else {
            packet.reasonCode = 0;
          }
          const properties = this._parseProperties();
          if (Object.getOwnPropertyNames(properties).length) {
            packet.properties = properties;
          }
        }
        debug("_parseDisconnect result: true");
        return true;
      }
      // parse auth packet
      _parseAuth() {
        debug("_parseAuth");
        const packet = this.packet;
        if (this.settings.protocolVersion !== 5) {
          return this._emitError(new Error("Not supported auth packet for this version MQTT"));
        }
        packet.reasonCode = this._parseByte();
        if (!constants3.MQTT5_AUTH_CODES[packet.reasonCode]) {
          return this._emitError(new Error("Invalid auth reason code"));
        }
        const properties = this._parseProperties();
        if (Object.getOwnPropertyNames(properties).length) {
          packet.properties = properties;
        }
        debug("_parseAuth: result: true");
        return true;
      }
      _parseMessageId() {
        const packet = this.packet;
        packet.messageId = this._parseNum();
        if (packet.messageId === null) {
          this._emitError(new Error("Cannot parse messageId"));
          return false;
        }
        debug("_parseMessageId: packet.messageId %d", packet.messageId);
        return true;
      }
      _parseString(maybeBuffer) {
        const length = this._parseNum();
        const end = length + this._pos;
        if (length === -1 || end > this._list.length || end > this.packet.length) return null;
        const result = this._list.toString("utf8", this._pos, end);
        this._pos += length;
        debug("_parseString: result: %s", result);
        return result;
      }
      _parseStringPair() {
        debug("_parseStringPair");
        return {
          name: this._parseString(),
          value: this._parseString()
        };
      }
      _parseBuffer() {
        const length = this._parseNum();
        const end = length + this._pos;
        if (length === -1 || end > this._list.length || end > this.packet.length) return null;
        const result = this._list.slice(this._pos, end);
        this._pos += length;
        debug("_parseBuffer: result: %o", result);
        return result;
      }
      _parseNum() {
        if (this._list.length - this._pos < 2) return -1;
        const result = this._list.readUInt16BE(this._pos);
        this._pos += 2;
        debug("_parseNum: result: %s", result);
        return result;
      }
      _parse4ByteNum() {
        if (this._list.length - this._pos < 4) return -1;
        const result = this._list.readUInt32BE(this._pos);
        this._pos += 4;
        debug("_parse4ByteNum: result: %s", result);
        return result;
      }
      _parseVarByteNum(fullInfoFlag) {
        debug("_parseVarByteNum");
        const maxBytes = 4;
        let bytes = 0;
        let mul = 1;
        let value = 0;
        let result = false;
        let current2;
        const padding = this._pos ? this._pos : 0;
        while (bytes < maxBytes && padding + bytes < this._list.length) {
          current2 = this._list.readUInt8(padding + bytes++);
          value += mul * (current2 & constants3.VARBYTEINT_MASK);
          mul *= 128;
          if ((current2 & constants3.VARBYTEINT_FIN_MASK) === 0) {
            result = true;
            break;
          }
          if (this._list.length <= bytes) {
            break;
          }
        }
        if (!result && bytes === maxBytes && this._list.length >= bytes) {
          this._emitError(new Error("Invalid variable byte integer"));
        }
        if (padding) {
          this._pos += bytes;
        }
        if (result) {
          if (fullInfoFlag) {
            result = { bytes, value };
          } else {
            result = value;
          }
        } else {
          result = false;
        }
        debug("_parseVarByteNum: result: %o", result);
        return result;
      }
      _parseByte() {
        let result;
        if (this._pos < this._list.length) {
          result = this._list.readUInt8(this._pos);
          this._pos++;
        }
        debug("_parseByte: result: %o", result);
        return result;
      }
      _parseByType(type) {
        debug("_parseByType: type: %s", type);
        switch (type) {
          case "byte": {
            return this._parseByte() !== 0;
          }
          case "int8": {
            return this._parseByte();
          }
          case "int16": {
            return this._parseNum();
          }
          case "int32": {
            return this._parse4ByteNum();
          }
          case "var": {
            return this._parseVarByteNum();
          }
          case "string": {
            return this._parseString();
          }
          case "pair": {
            return this._parseStringPair();
          }
          case "binary": {
            return this._parseBuffer();
          }
        }
      }
      _parseProperties() {
        debug("_parseProperties");
        const length = this._parseVarByteNum();
        const start = this._pos;
        const end = start + length;
        const result = {};
        while (this._pos < end) {
          const type = this._parseByte();
          if (!type) {
            this._emitError(new Error("Cannot parse property code type"));
            return false;
          }
          const name = constants3.propertiesCodes[type];
          if (!name) {
            this._emitError(new Error("Unknown property"));
            return false;
          }
          if (name === "userProperties") {
            if (!result[name]) {
              result[name] = /* @__PURE__ */ Object.create(null);
            }
            const currentUserProperty = this._parseByType(constants3.propertiesTypes[name]);
            if (result[name][currentUserProperty.name]) {
              if (Array.isArray(result[name][currentUserProperty.name])) {
                result[name][currentUserProperty.name].push(currentUserProperty.value);
              } else {
                const currentValue = result[name][currentUserProperty.name];
                result[name][currentUserProperty.name] = [currentValue];
                result[name][currentUserProperty.name].push(currentUserProperty.value);
              }
            } else {
              result[name][currentUserProperty.name] = currentUserProperty.value;
            }
            continue;
          }
          if (result[name]) {
            if (Array.isArray(result[name])) {
              result[name].push(this._parseByType(constants3.propertiesTypes[name]));
            } else {
              result[name] = [result[name]];
              result[name].push(this._parseByType(constants3.propertiesTypes[name]));
            }
          } else {
            result[name] = this._parseByType(constants3.propertiesTypes[name]);
          }
        }
        return result;
      }
      _newPacket() {
        debug("_newPacket");
        if (this.packet) {
          this._list.consume(this.packet.length);
          debug("_newPacket: parser emit packet: packet.cmd: %s, packet.payload: %s, packet.length: %d", this.packet.cmd, this.packet.payload, this.packet.length);
          this.emit("packet", this.packet);
        }
        debug("_newPacket: new packet");
        this.packet = new Packet6();
        this._pos = 0;
        return true;
      }
      _emitError(err) {
        debug("_emitError", err);
        this.error = err;
        this.emit("error", err);
      }
    };
    module2.exports = Parser;
  }
});

// node_modules/mqtt-packet/numbers.js
var require_numbers = __commonJS({
  "node_modules/mqtt-packet/numbers.js"(exports2, module2) {
    var { Buffer: Buffer2 } = require("buffer");
    var max = 65536;
    var cache = {};
    var SubOk = Buffer2.isBuffer(Buffer2.from([1, 2]).subarray(0, 1));
    function generateBuffer(i) {
      const buffer = Buffer2.allocUnsafe(2);
      buffer.writeUInt8(i >> 8, 0);
      buffer.writeUInt8(i & 255, 0 + 1);
      return buffer;
    }
    function generateCache() {
      for (let i = 0; i < max; i++) {
        cache[i] = generateBuffer(i);
      }
    }
    function genBufVariableByteInt(num) {
      const maxLength = 4;
      let digit = 0;
      let pos = 0;
      const buffer = Buffer2.allocUnsafe(maxLength);
      do {
        digit = num % 128 | 0;
        num = num / 128 | 0;
        if (num > 0) digit = digit | 128;
        buffer.writeUInt8(digit, pos++);
      } while (num > 0 && pos < maxLength);
      if (num > 0) {
        pos = 0;
      }
      return SubOk ? buffer.subarray(0, pos) : buffer.slice(0, pos);
    }
    function generate4ByteBuffer(num) {
      const buffer = Buffer2.allocUnsafe(4);
      buffer.writeUInt32BE(num, 0);
      return buffer;
    }
    module2.exports = {
      cache,
      generateCache,
      generateNumber: generateBuffer,
      genBufVariableByteInt,
      generate4ByteBuffer
    };
  }
});

// node_modules/process-nextick-args/index.js
var require_process_nextick_args = __commonJS({
  "node_modules/process-nextick-args/index.js"(exports2, module2) {
    "use strict";
    if (typeof process === "undefined" || !process.version || process.version.indexOf("v0.") === 0 || process.version.indexOf("v1.") === 0 && process.version.indexOf("v1.8.") !== 0) {
      module2.exports = { nextTick };
    } else {
      module2.exports = process;
    }
    function nextTick(fn, arg1, arg2, arg3) {
      if (typeof fn !== "function") {
        throw new TypeError('"callback" argument must be a function');
      }
      var len = arguments.length;
      var args, i;
      switch (len) {
        case 0:
        case 1:
          return process.nextTick(fn);
        case 2:
          return process.nextTick(function afterTickOne() {
            fn.call(null, arg1);
          });
        case 3:
          return process.nextTick(function afterTickTwo() {
            fn.call(null, arg1, arg2);
          });
        case 4:
          return process.nextTick(function afterTickThree() {
            fn.call(null, arg1, arg2, arg3);
          });
        default:
          args = new Array(len - 1);
          i = 0;
          while (i < args.length) {
            args[i++] = arguments[i];
          }
          return process.nextTick(function afterTick() {
            fn.apply(null, args);
          });
      }
    }
  }
});

// node_modules/mqtt-packet/writeToStream.js
var require_writeToStream = __commonJS({
  "node_modules/mqtt-packet/writeToStream.js"(exports2, module2) {
    var protocol = require_constants2();
    var { Buffer: Buffer2 } = require("buffer");
    var empty = Buffer2.allocUnsafe(0);
    var zeroBuf = Buffer2.from([0]);
    var numbers = require_numbers();
    var nextTick = require_process_nextick_args().nextTick;
    var debug = require_src()("mqtt-packet:writeToStream");
    var numCache = numbers.cache;
    var generateNumber = numbers.generateNumber;
    var generateCache = numbers.generateCache;
    var genBufVariableByteInt = numbers.genBufVariableByteInt;
    var generate4ByteBuffer = numbers.generate4ByteBuffer;
    var writeNumber = writeNumberCached;
    var toGenerate = true;
    function generate(packet, stream, opts) {
      debug("generate called");
      if (stream.cork) {
        stream.cork();
        nextTick(uncork, stream);
      }
      if (toGenerate) {
        toGenerate = false;
        generateCache();
      }
      debug("generate: packet.cmd: %s", packet.cmd);
      switch (packet.cmd) {
        case "connect":
          return connect(packet, stream, opts);
        case "connack":
          return connack(packet, stream, opts);
        case "publish":
          return publish(packet, stream, opts);
        case "puback":
        case "pubrec":
        case "pubrel":
        case "pubcomp":
          return confirmation(packet, stream, opts);
        case "subscribe":
          return subscribe(packet, stream, opts);
        case "suback":
          return suback(packet, stream, opts);
        case "unsubscribe":
          return unsubscribe(packet, stream, opts);
        case "unsuback":
          return unsuback(packet, stream, opts);
        case "pingreq":
        case "pingresp":
          return emptyPacket(packet, stream, opts);
        case "disconnect":
          return disconnect(packet, stream, opts);
        case "auth":
          return auth(packet, stream, opts);
        default:
          stream.destroy(new Error("Unknown command"));
          return false;
      }
    }
    Object.defineProperty(generate, "cacheNumbers", {
      get() {
        return writeNumber === writeNumberCached;
      },
      set(value) {
        if (value) {
          if (!numCache || Object.keys(numCache).length === 0) toGenerate = true;
          writeNumber = writeNumberCached;
        } else {
          toGenerate = false;
          writeNumber = writeNumberGenerated;
        }
      }
    });
    function uncork(stream) {
      stream.uncork();
    }
    function connect(packet, stream, opts) {
      const settings = packet || {};
      const protocolId = settings.protocolId || "MQTT";
      let protocolVersion = settings.protocolVersion || 4;
      const will = settings.will;
      let clean = settings.clean;
      const keepalive = settings.keepalive || 0;
      const clientId = settings.clientId || "";
      const username = settings.username;
      const password = settings.password;
      const properties = settings.properties;
      if (clean === void 0) clean = true;
      let length = 0;
      if (!protocolId || typeof protocolId !== "string" && !Buffer2.isBuffer(protocolId)) {
        stream.destroy(new Error("Invalid protocolId"));
        return false;
      } else length += protocolId.length + 2;
      if (protocolVersion !== 3 && protocolVersion !== 4 && protocolVersion !== 5) {
        stream.destroy(new Error("Invalid protocol version"));
        return false;
      } else length += 1;
      if ((typeof clientId === "string" || Buffer2.isBuffer(clientId)) && (clientId || protocolVersion >= 4) && (clientId || clean)) {
        length += Buffer2.byteLength(clientId) + 2;
      } else {
        if (protocolVersion < 4) {
          stream.destroy(new Error("clientId must be supplied before 3.1.1"));
          return false;
        }
        if (clean * 1 === 0) {
          stream.destroy(new Error("clientId must be given if cleanSession set to 0"));
          return false;
        }
      }
      if (typeof keepalive !== "number" || keepalive < 0 || keepalive > 65535 || keepalive % 1 !== 0) {
        stream.destroy(new Error("Invalid keepalive"));
        return false;
      } else length += 2;
      length += 1;
      let propertiesData;
      let willProperties;
      if (protocolVersion === 5) {
        propertiesData = getProperties(stream, properties);
        if (!propertiesData) {
          return false;
        }
        length += propertiesData.length;
      }
      if (will) {
        if (typeof will !== "object") {
          stream.destroy(new Error("Invalid will"));
          return false;
        }
        if (!will.topic || typeof will.topic !== "string") {
          stream.destroy(new Error("Invalid will topic"));
          return false;
        } else {
          length += Buffer2.byteLength(will.topic) + 2;
        }
        length += 2;
        if (will.payload) {
          if (will.payload.length >= 0) {
            if (typeof will.payload === "string") {
              length += Buffer2.byteLength(will.payload);
            } else {
              length += will.payload.length;
            }
          } else {
            stream.destroy(new Error("Invalid will payload"));
            return false;
          }
        }
        willProperties = {};
        if (protocolVersion === 5) {
          willProperties = getProperties(stream, will.properties);
          if (!willProperties) {
            return false;
          }
          length += willProperties.length;
        }
      }
      let providedUsername = false;
      if (username != null) {
        if (isStringOrBuffer(username)) {
          providedUsername = true;
          length += Buffer2.byteLength(username) + 2;
        } else {
          stream.destroy(new Error("Invalid username"));
          return false;
        }
      }
      if (password != null) {
        if (!providedUsername) {
          stream.destroy(new Error("Username is required to use password"));
          return false;
        }
        if (isStringOrBuffer(password)) {
          length += byteLength(password) + 2;
        } else {
          stream.destroy(new Error("Invalid password"));
          return false;
        }
      }
      stream.write(protocol.CONNECT_HEADER);
      writeVarByteInt(stream, length);
      writeStringOrBuffer(stream, protocolId);
      if (settings.bridgeMode) {
        protocolVersion += 128;
      }
      stream.write(
        protocolVersion === 131 ? protocol.VERSION131 : protocolVersion === 132 ? protocol.VERSION132 : protocolVersion === 4 ? protocol.VERSION4 : protocolVersion === 5 ? protocol.VERSION5 : protocol.VERSION3
      );
      let flags = 0;
      flags |= username != null ? protocol.USERNAME_MASK : 0;
      flags |= password != null ? protocol.PASSWORD_MASK : 0;
      flags |= will && will.retain ? protocol.WILL_RETAIN_MASK : 0;
      flags |= will && will.qos ? will.qos << protocol.WILL_QOS_SHIFT : 0;
      flags |= will ? protocol.WILL_FLAG_MASK : 0;
      flags |= clean ? protocol.CLEAN_SESSION_MASK : 0;
      stream.write(Buffer2.from([flags]));
      writeNumber(stream, keepalive);
      if (protocolVersion === 5) {
        propertiesData.write();
      }
      writeStringOrBuffer(stream, clientId);
      if (will) {
        if (protocolVersion === 5) {
          willProperties.write();
        }
        writeString(stream, will.topic);
        writeStringOrBuffer(stream, will.payload);
      }
      if (username != null) {
        writeStringOrBuffer(stream, username);
      }
      if (password != null) {
        writeStringOrBuffer(stream, password);
      }
      return true;
    }
    function connack(packet, stream, opts) {
      const version2 = opts ? opts.protocolVersion : 4;
      const settings = packet || {};
      const rc = version2 === 5 ? settings.reasonCode : settings.returnCode;
      const properties = settings.properties;
      let length = 2;
      if (typeof rc !== "number") {
        stream.destroy(new Error("Invalid return code"));
        return false;
      }
      let propertiesData = null;
      if (version2 === 5) {
        propertiesData = getProperties(stream, properties);
        if (!propertiesData) {
          return false;
        }
        length += propertiesData.length;
      }
      stream.write(protocol.CONNACK_HEADER);
      writeVarByteInt(stream, length);
      stream.write(settings.sessionPresent ? protocol.SESSIONPRESENT_HEADER : zeroBuf);
      stream.write(Buffer2.from([rc]));
      if (propertiesData != null) {
        propertiesData.write();
      }
      return true;
    }
    function publish(packet, stream, opts) {
      debug("publish: packet: %o", packet);
      const version2 = opts ? opts.protocolVersion : 4;
      const settings = packet || {};
      const qos = settings.qos || 0;
      const retain = settings.retain ? protocol.RETAIN_MASK : 0;
      const topic = settings.topic;
      const payload = settings.payload || empty;
      const id = settings.messageId;
      const properties = settings.properties;
      let length = 0;
      if (typeof topic === "string") length += Buffer2.byteLength(topic) + 2;
      else if (Buffer2.isBuffer(topic)) length += topic.length + 2;
      else {
        stream.destroy(new Error("Invalid topic"));
        return false;
      }
      if (!Buffer2.isBuffer(payload)) length += Buffer2.byteLength(payload);
      else length += payload.length;
      if (qos && typeof id !== "number") {
        stream.destroy(new Error("Invalid messageId"));
        return false;
      } else if (qos) length += 2;
      let propertiesData = null;
      if (version2 === 5) {
        propertiesData = getProperties(stream, properties);
        if (!propertiesData) {
          return false;
        }
        length += propertiesData.length;
      }
      stream.write(protocol.PUBLISH_HEADER[qos][settings.dup ? 1 : 0][retain ? 1 : 0]);
      writeVarByteInt(stream, length);
      writeNumber(stream, byteLength(topic));
      stream.write(topic);
      if (qos > 0) writeNumber(stream, id);
      if (propertiesData != null) {
        propertiesData.write();
      }
      debug("publish: payload: %o", payload);
      return stream.write(payload);
    }
    function confirmation(packet, stream, opts) {
      const version2 = opts ? opts.protocolVersion : 4;
      const settings = packet || {};
      const type = settings.cmd || "puback";
      const id = settings.messageId;
      const dup = settings.dup && type === "pubrel" ? protocol.DUP_MASK : 0;
      let qos = 0;
      const reasonCode = settings.reasonCode;
      const properties = settings.properties;
      let length = version2 === 5 ? 3 : 2;
      if (type === "pubrel") qos = 1;
      if (typeof id !== "number") {
        stream.destroy(new Error("Invalid messageId"));
        return false;
      }
      let propertiesData = null;
      if (version2 === 5) {
        if (typeof properties === "object") {
          propertiesData = getPropertiesByMaximumPacketSize(stream, properties, opts, length);
          if (!propertiesData) {
            return false;
          }
          length += propertiesData.length;
        }
      }
      stream.write(protocol.ACKS[type][qos][dup][0]);
      if (length === 3) length += reasonCode !== 0 ? 1 : -1;
      writeVarByteInt(stream, length);
      writeNumber(stream, id);
      if (version2 === 5 && length !== 2) {
        stream.write(Buffer2.from([reasonCode]));
      }
      if (propertiesData !== null) {
        propertiesData.write();
      } else {
        if (length === 4) {
          stream.write(Buffer2.from([0]));
        }
      }
      return true;
    }
    function subscribe(packet, stream, opts) {
      debug("subscribe: packet: ");
      const version2 = opts ? opts.protocolVersion : 4;
      const settings = packet || {};
      const dup = settings.dup ? protocol.DUP_MASK : 0;
      const id = settings.messageId;
      const subs = settings.subscriptions;
      const properties = settings.properties;
      let length = 0;
      if (typeof id !== "number") {
        stream.destroy(new Error("Invalid messageId"));
        return false;
      } else length += 2;
      let propertiesData = null;
      if (version2 === 5) {
        propertiesData = getProperties(stream, properties);
        if (!propertiesData) {
          return false;
        }
        length += propertiesData.length;
      }
      if (typeof subs === "object" && subs.length) {
        for (let i = 0; i < subs.length; i += 1) {
          const itopic = subs[i].topic;
          const iqos = subs[i].qos;
          if (typeof itopic !== "string") {
            stream.destroy(new Error("Invalid subscriptions - invalid topic"));
            return false;
          }
          if (typeof iqos !== "number") {
            stream.destroy(new Error("Invalid subscriptions - invalid qos"));
            return false;
          }
          if (version2 === 5) {
            const nl = subs[i].nl || false;
            if (typeof nl !== "boolean") {
              stream.destroy(new Error("Invalid subscriptions - invalid No Local"));
              return false;
            }
            const rap = subs[i].rap || false;
            if (typeof rap !== "boolean") {
              stream.destroy(new Error("Invalid subscriptions - invalid Retain as Published"));
              return false;
            }
            const rh = subs[i].rh || 0;
            if (typeof rh !== "number" || rh > 2) {
              stream.destroy(new Error("Invalid subscriptions - invalid Retain Handling"));
              return false;
            }
          }
          length += Buffer2.byteLength(itopic) + 2 + 1;
        }
      } else {
        stream.destroy(new Error("Invalid subscriptions"));
        return false;
      }
      debug("subscribe: writing to stream: %o", protocol.SUBSCRIBE_HEADER);
      stream.write(protocol.SUBSCRIBE_HEADER[1][dup ? 1 : 0][0]);
      writeVarByteInt(stream, length);
      writeNumber(stream, id);
      if (propertiesData !== null) {
        propertiesData.write();
      }
      let result = true;
      for (const sub of subs) {
        const jtopic = sub.topic;
        const jqos = sub.qos;
        const jnl = +sub.nl;
        const jrap = +sub.rap;
        const jrh = sub.rh;
        let joptions;
        writeString(stream, jtopic);
        joptions = protocol.SUBSCRIBE_OPTIONS_QOS[jqos];
        if (version2 === 5) {
          joptions |= jnl ? protocol.SUBSCRIBE_OPTIONS_NL : 0;
          joptions |= jrap ? protocol.SUBSCRIBE_OPTIONS_RAP : 0;
          joptions |= jrh ? protocol.SUBSCRIBE_OPTIONS_RH[jrh] : 0;
        }
        result = stream.write(Buffer2.from([joptions]));
      }
      return result;
    }
    function suback(packet, stream, opts) {
      const version2 = opts ? opts.protocolVersion : 4;
      const settings = packet || {};
      const id = settings.messageId;
      const granted = settings.granted;
      const properties = settings.properties;
      let length = 0;
      if (typeof id !== "number") {
        stream.destroy(new Error("Invalid messageId"));
        return false;
      } else length += 2;
      if (typeof granted === "object" && granted.length) {
        for (let i = 0; i < granted.length; i += 1) {
          if (typeof granted[i] !== "number") {
            stream.destroy(new Error("Invalid qos vector"));
            return false;
          }
          length += 1;
        }
      } else {
        stream.destroy(new Error("Invalid qos vector"));
        return false;
      }
      let propertiesData = null;
      if (version2 === 5) {
        propertiesData = getPropertiesByMaximumPacketSize(stream, properties, opts, length);
        if (!propertiesData) {
          return false;
        }
        length += propertiesData.length;
      }
      stream.write(protocol.SUBACK_HEADER);
      writeVarByteInt(stream, length);
      writeNumber(stream, id);
      if (propertiesData !== null) {
        propertiesData.write();
      }
      return stream.write(Buffer2.from(granted));
    }
    function unsubscribe(packet, stream, opts) {
      const version2 = opts ? opts.protocolVersion : 4;
      const settings = packet || {};
      const id = settings.messageId;
      const dup = settings.dup ? protocol.DUP_MASK : 0;
      const unsubs = settings.unsubscriptions;
      const properties = settings.properties;
      let length = 0;
      if (typeof id !== "number") {
        stream.destroy(new Error("Invalid messageId"));
        return false;
      } else {
        length += 2;
      }
      if (typeof unsubs === "object" && unsubs.length) {
        for (let i = 0; i < unsubs.length; i += 1) {
          if (typeof unsubs[i] !== "string") {
            stream.destroy(new Error("Invalid unsubscriptions"));
            return false;
          }
          length += Buffer2.byteLength(unsubs[i]) + 2;
        }
      } else {
        stream.destroy(new Error("Invalid unsubscriptions"));
        return false;
      }
      let propertiesData = null;
      if (version2 === 5) {
        propertiesData = getProperties(stream, properties);
        if (!propertiesData) {
          return false;
        }
        length += propertiesData.length;
      }
      stream.write(protocol.UNSUBSCRIBE_HEADER[1][dup ? 1 : 0][0]);
      writeVarByteInt(stream, length);
      writeNumber(stream, id);
      if (propertiesData !== null) {
        propertiesData.write();
      }
      let result = true;
      for (let j = 0; j < unsubs.length; j++) {
        result = writeString(stream, unsubs[j]);
      }
      return result;
    }
    function unsuback(packet, stream, opts) {
      const version2 = opts ? opts.protocolVersion : 4;
      const settings = packet || {};
      const id = settings.messageId;
      const dup = settings.dup ? protocol.DUP_MASK : 0;
      const granted = settings.granted;
      const properties = settings.properties;
      const type = settings.cmd;
      const qos = 0;
      let length = 2;
      if (typeof id !== "number") {
        stream.destroy(new Error("Invalid messageId"));
        return false;
      }
      if (version2 === 5) {
        if (typeof granted === "object" && granted.length) {
          for (let i = 0; i < granted.length; i += 1) {
            if (typeof granted[i] !== "number") {
              stream.destroy(new Error("Invalid qos vector"));
              return false;
            }
            length += 1;
          }
        } else {
          stream.destroy(new Error("Invalid qos vector"));
          return false;
        }
      }
      let propertiesData = null;
      if (version2 === 5) {
        propertiesData = getPropertiesByMaximumPacketSize(stream, properties, opts, length);
        if (!propertiesData) {
          return false;
        }
        length += propertiesData.length;
      }
      stream.write(protocol.ACKS[type][qos][dup][0]);
      writeVarByteInt(stream, length);
      writeNumber(stream, id);
      if (propertiesData !== null) {
        propertiesData.write();
      }
      if (version2 === 5) {
        stream.write(Buffer2.from(granted));
      }
      return true;
    }
    function emptyPacket(packet, stream, opts) {
      return stream.write(protocol.EMPTY[packet.cmd]);
    }
    function disconnect(packet, stream, opts) {
      const version2 = opts ? opts.protocolVersion : 4;
      const settings = packet || {};
      const reasonCode = settings.reasonCode;
      const properties = settings.properties;
      let length = version2 === 5 ? 1 : 0;
      let propertiesData = null;
      if (version2 === 5) {
        propertiesData = getPropertiesByMaximumPacketSize(stream, properties, opts, length);
        if (!propertiesData) {
          return false;
        }
        length += propertiesData.length;
      }
      stream.write(Buffer2.from([protocol.codes.disconnect << 4]));
      writeVarByteInt(stream, length);
      if (version2 === 5) {
        stream.write(Buffer2.from([reasonCode]));
      }
      if (propertiesData !== null) {
        propertiesData.write();
      }
      return true;
    }
    function auth(packet, stream, opts) {
      const version2 = opts ? opts.protocolVersion : 4;
      const settings = packet || {};
      const reasonCode = settings.reasonCode;
      const properties = settings.properties;
      let length = version2 === 5 ? 1 : 0;
      if (version2 !== 5) stream.destroy(new Error("Invalid mqtt version for auth packet"));
      const propertiesData = getPropertiesByMaximumPacketSize(stream, properties, opts, length);
      if (!propertiesData) {
        return false;
      }
      length += propertiesData.length;
      stream.write(Buffer2.from([protocol.codes.auth << 4]));
      writeVarByteInt(stream, length);
      stream.write(Buffer2.from([reasonCode]));
      if (propertiesData !== null) {
        propertiesData.write();
      }
      return true;
    }
    var varByteIntCache = {};
    function writeVarByteInt(stream, num) {
      if (num > protocol.VARBYTEINT_MAX) {
        stream.destroy(new Error(`Invalid variable byte integer: ${num}`));
        return false;
      }
      let buffer = varByteIntCache[num];
      if (!buffer) {
        buffer = genBufVariableByteInt(num);
        if (num < 16384) varByteIntCache[num] = buffer;
      }
      debug("writeVarByteInt: writing to stream: %o", buffer);
      return stream.write(buffer);
    }
    function writeString(stream, string) {
      const strlen = Buffer2.byteLength(string);
      writeNumber(stream, strlen);
      debug("writeString: %s", string);
      return stream.write(string, "utf8");
    }
    function writeStringPair(stream, name, value) {
      writeString(stream, name);
      writeString(stream, value);
    }
    function writeNumberCached(stream, number2) {
      debug("writeNumberCached: number: %d", number2);
      debug("writeNumberCached: %o", numCache[number2]);
      return stream.write(numCache[number2]);
    }
    function writeNumberGenerated(stream, number2) {
      const generatedNumber = generateNumber(number2);
      debug("writeNumberGenerated: %o", generatedNumber);
      return stream.write(generatedNumber);
    }
    function write4ByteNumber(stream, number2) {
      const generated4ByteBuffer = generate4ByteBuffer(number2);
      debug("write4ByteNumber: %o", generated4ByteBuffer);
      return stream.write(generated4ByteBuffer);
    }
    function writeStringOrBuffer(stream, toWrite) {
      if (typeof toWrite === "string") {
        writeString(stream, toWrite);
      } else if (toWrite) {
        writeNumber(stream, toWrite.length);
        stream.write(toWrite);
      } else writeNumber(stream, 0);
    }
    function getProperties(stream, properties) {
      if (typeof properties !== "object" || properties.length != null) {
        return {
          length: 1,
          write() {
            writeProperties(stream, {}, 0);
          }
        };
      }
      let propertiesLength = 0;
      function getLengthProperty(name, value) {
        const type = protocol.propertiesTypes[name];
        let length = 0;
        switch (type) {
          case "byte": {
            if (typeof value !== "boolean") {
              stream.destroy(new Error(`Invalid ${name}: ${value}`));
              return false;
            }
            length += 1 + 1;
            break;
          }
          case "int8": {
            if (typeof value !== "number" || value < 0 || value > 255) {
              stream.destroy(new Error(`Invalid ${name}: ${value}`));
              return false;
            }
            length += 1 + 1;
            break;
          }
          case "binary": {
            if (value && value === null) {
              stream.destroy(new Error(`Invalid ${name}: ${value}`));
              return false;
            }
            length += 1 + Buffer2.byteLength(value) + 2;
            break;
          }
          case "int16": {
            if (typeof value !== "number" || value < 0 || value > 65535) {
              stream.destroy(new Error(`Invalid ${name}: ${value}`));
              return false;
            }
            length += 1 + 2;
            break;
          }
          case "int32": {
            if (typeof value !== "number" || value < 0 || value > 4294967295) {
              stream.destroy(new Error(`Invalid ${name}: ${value}`));
              return false;
            }
            length += 1 + 4;
            break;
          }
          case "var": {
            if (typeof value !== "number" || value < 0 || value > 268435455) {
              stream.destroy(new Error(`Invalid ${name}: ${value}`));
              return false;
            }
            length += 1 + Buffer2.byteLength(genBufVariableByteInt(value));
            break;
          }
          case "string": {
            if (typeof value !== "string") {
              stream.destroy(new Error(`Invalid ${name}: ${value}`));
              return false;
            }
            length += 1 + 2 + Buffer2.byteLength(value.toString());
            break;
          }
          case "pair": {
            if (typeof value !== "object") {
              stream.destroy(new Error(`Invalid ${name}: ${value}`));
              return false;
            }
            length += Object.getOwnPropertyNames(value).reduce((result, name2) => {
              const currentValue = value[name2];
              if (Array.isArray(currentValue)) {
                result += currentValue.reduce((currentLength, value2) => {
                  currentLength += 1 + 2 + Buffer2.byteLength(name2.toString()) + 2 + Buffer2.byteLength(value2.toString());
                  return currentLength;
                }, 0);
              } else {
                result += 1 + 2 + Buffer2.byteLength(name2.toString()) + 2 + Buffer2.byteLength(value[name2].toString());
              }
              return result;
            }, 0);
            break;
          }
          default: {
            stream.destroy(new Error(`Invalid property ${name}: ${value}`));
            return false;
          }
        }
        return length;
      }
      if (properties) {
        for (const propName in properties) {
          let propLength = 0;
          let propValueLength = 0;
          const propValue = properties[propName];
          if (propValue === void 0) {
            continue;
          } else if (Array.isArray(propValue)) {
            for (let valueIndex = 0; valueIndex < propValue.length; valueIndex++) {
              propValueLength = getLengthProperty(propName, propValue[valueIndex]);
              if (!propValueLength) {
                return false;
              }
              propLength += propValueLength;
            }
          } else {
            propValueLength = getLengthProperty(propName, propValue);
            if (!propValueLength) {
              return false;
            }
            propLength = propValueLength;
          }
          if (!propLength) return false;
          propertiesLength += propLength;
        }
      }
      const propertiesLengthLength = Buffer2.byteLength(genBufVariableByteInt(propertiesLength));
      return {
        length: propertiesLengthLength + propertiesLength,
        write() {
          writeProperties(stream, properties, propertiesLength);
        }
      };
    }
    function getPropertiesByMaximumPacketSize(stream, properties, opts, length) {
      const mayEmptyProps = ["reasonString", "userProperties"];
      const maximumPacketSize = opts && opts.properties && opts.properties.maximumPacketSize ? opts.properties.maximumPacketSize : 0;
      let propertiesData = getProperties(stream, properties);
      if (maximumPacketSize) {
        while (length + propertiesData.length > maximumPacketSize) {
          const currentMayEmptyProp = mayEmptyProps.shift();
          if (currentMayEmptyProp && properties[currentMayEmptyProp]) {
            delete properties[currentMayEmptyProp];
            propertiesData = getProperties(stream, properties);
          } else {
            return false;
          }
        }
      }
      return propertiesData;
    }
    function writeProperty(stream, propName, value) {
      const type = protocol.propertiesTypes[propName];
      switch (type) {
        case "byte": {
          stream.write(Buffer2.from([protocol.properties[propName]]));
          stream.write(Buffer2.from([+value]));
          break;
        }
        case "int8": {
          stream.write(Buffer2.from([protocol.properties[propName]]));
          stream.write(Buffer2.from([value]));
          break;
        }
        case "binary": {
          stream.write(Buffer2.from([protocol.properties[propName]]));
          writeStringOrBuffer(stream, value);
          break;
        }
        case "int16": {
          stream.write(Buffer2.from([protocol.properties[propName]]));
          writeNumber(stream, value);
          break;
        }
        case "int32": {
          stream.write(Buffer2.from([protocol.properties[propName]]));
          write4ByteNumber(stream, value);
          break;
        }
        case "var": {
          stream.write(Buffer2.from([protocol.properties[propName]]));
          writeVarByteInt(stream, value);
          break;
        }
        case "string": {
          stream.write(Buffer2.from([protocol.properties[propName]]));
          writeString(stream, value);
          break;
        }
        case "pair": {
          Object.getOwnPropertyNames(value).forEach((name) => {
            const currentValue = value[name];
            if (Array.isArray(currentValue)) {
              currentValue.forEach((value2) => {
                stream.write(Buffer2.from([protocol.properties[propName]]));
                writeStringPair(stream, name.toString(), value2.toString());
              });
            } else {
              stream.write(Buffer2.from([protocol.properties[propName]]));
              writeStringPair(stream, name.toString(), currentValue.toString());
            }
          });
          break;
        }
        default: {
          stream.destroy(new Error(`Invalid property ${propName} value: ${value}`));
          return false;
        }
      }
    }
    function writeProperties(stream, properties, propertiesLength) {
      writeVarByteInt(stream, propertiesLength);
      for (const propName in properties) {
        if (Object.prototype.hasOwnProperty.call(properties, propName) && properties[propName] != null) {
          const value = properties[propName];
          if (Array.isArray(value)) {
            for (let valueIndex = 0; valueIndex < value.length; valueIndex++) {
              writeProperty(stream, propName, value[valueIndex]);
            }
          } else {
            writeProperty(stream, propName, value);
          }
        }
      }
    }
    function byteLength(bufOrString) {
      if (!bufOrString) return 0;
      else if (bufOrString instanceof Buffer2) return bufOrString.length;
      else return Buffer2.byteLength(bufOrString);
    }
    function isStringOrBuffer(field) {
      return typeof field === "string" || field instanceof Buffer2;
    }
    module2.exports = generate;
  }
});

// node_modules/mqtt-packet/generate.js
var require_generate = __commonJS({
  "node_modules/mqtt-packet/generate.js"(exports2, module2) {
    var writeToStream = require_writeToStream();
    var { EventEmitter: EventEmitter3 } = require("events");
    var { Buffer: Buffer2 } = require("buffer");
    function generate(packet, opts) {
      const stream = new Accumulator();
      writeToStream(packet, stream, opts);
      return stream.concat();
    }
    var Accumulator = class extends EventEmitter3 {
      constructor() {
        super();
        this._array = new Array(20);
        this._i = 0;
      }
      write(chunk) {
        this._array[this._i++] = chunk;
        return true;
      }
      concat() {
        let length = 0;
        const lengths = new Array(this._array.length);
        const list = this._array;
        let pos = 0;
        let i;
        for (i = 0; i < list.length && list[i] !== void 0; i++) {
          if (typeof list[i] !== "string") lengths[i] = list[i].length;
          else lengths[i] = Buffer2.byteLength(list[i]);
          length += lengths[i];
        }
        const result = Buffer2.allocUnsafe(length);
        for (i = 0; i < list.length && list[i] !== void 0; i++) {
          if (typeof list[i] !== "string") {
            list[i].copy(result, pos);
            pos += lengths[i];
          } else {
            result.write(list[i], pos);
            pos += lengths[i];
          }
        }
        return result;
      }
      destroy(err) {
        if (err) this.emit("error", err);
      }
    };
    module2.exports = generate;
  }
});

// node_modules/mqtt-packet/mqtt.js
var require_mqtt = __commonJS({
  "node_modules/mqtt-packet/mqtt.js"(exports2) {
    exports2.parser = require_parser2().parser;
    exports2.generate = require_generate();
    exports2.writeToStream = require_writeToStream();
  }
});

// src/adapters/magicmirror/node-helper.ts
var node_helper_exports = {};
__export(node_helper_exports, {
  default: () => node_helper_default
});
module.exports = __toCommonJS(node_helper_exports);
var import_logger = __toESM(require("logger"));
var import_node_helper = __toESM(require("node_helper"));

// src/displays/magicmirror/notifications.ts
var MODULE_DEFAULTS = {
  clockStyle: "clock",
  sounds: true,
  volume: 75,
  sound: "chime.wav",
  debug: false
};
function withoutFrontEndKeys(config) {
  const copy = { ...config };
  for (const key of [
    "position",
    "header",
    "classes",
    "animateIn",
    "animateOut",
    "hiddenOnStartup",
    "disabled"
  ])
    delete copy[key];
  return copy;
}
var INIT = "WEASLEY_INIT";
var STARTING = "WEASLEY_STARTING";
var STATE = "WEASLEY_STATE";
var ERROR = "WEASLEY_ERROR";

// src/adapters/magicmirror/helper-hub.ts
var import_node_path16 = __toESM(require("node:path"));

// src/app/start-clock.ts
var import_node_crypto12 = require("node:crypto");
var import_node_fs13 = require("node:fs");
var import_node_path12 = __toESM(require("node:path"));

// src/adapters/auth/admin-token.ts
var import_node_crypto2 = require("node:crypto");
var import_node_fs = require("node:fs");
var import_node_path = __toESM(require("node:path"));

// src/adapters/auth/passwords.ts
var import_node_crypto = require("node:crypto");
var N = 32768;
var R = 8;
var P = 1;
var KEY_BYTES = 32;
var MAX_MEMORY = 64 * 1024 * 1024;
function hashPassword(password) {
  const salt = (0, import_node_crypto.randomBytes)(16);
  const hash = (0, import_node_crypto.scryptSync)(password, salt, KEY_BYTES, { N, r: R, p: P, maxmem: MAX_MEMORY });
  return ["scrypt", N, R, P, salt.toString("base64url"), hash.toString("base64url")].join("$");
}
function hashGeneratedSecret(secret) {
  const salt = (0, import_node_crypto.randomBytes)(16);
  const hash = (0, import_node_crypto.createHash)("sha256").update(salt).update(secret).digest();
  return ["sha256", salt.toString("base64url"), hash.toString("base64url")].join("$");
}
function verifyPassword(password, stored) {
  const parts = stored.split("$");
  if (parts[0] === "sha256" && parts.length === 3) {
    const expected2 = Buffer.from(parts[2] ?? "", "base64url");
    const actual = (0, import_node_crypto.createHash)("sha256").update(Buffer.from(parts[1] ?? "", "base64url")).update(password).digest();
    return Promise.resolve(expected2.length === actual.length && (0, import_node_crypto.timingSafeEqual)(actual, expected2));
  }
  const [scheme, n, r, p, salt, hash] = parts;
  if (parts.length !== 6 || scheme !== "scrypt" || !salt || !hash) return Promise.resolve(false);
  const expected = Buffer.from(hash, "base64url");
  const cost = { N: Number(n), r: Number(r), p: Number(p), maxmem: MAX_MEMORY };
  return new Promise((resolve2) => {
    try {
      (0, import_node_crypto.scrypt)(password, Buffer.from(salt, "base64url"), expected.length, cost, (error, actual) => {
        resolve2(!error && actual.length === expected.length && (0, import_node_crypto.timingSafeEqual)(actual, expected));
      });
    } catch {
      resolve2(false);
    }
  });
}
var ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
function randomSecret(bits2) {
  const length = Math.ceil(bits2 / Math.log2(ALPHANUMERIC.length));
  let secret = "";
  while (secret.length < length) {
    for (const byte of (0, import_node_crypto.randomBytes)(length + 8)) {
      if (byte < 248 && secret.length < length) secret += ALPHANUMERIC[byte % ALPHANUMERIC.length];
    }
  }
  return secret;
}
var generatePassword = () => randomSecret(128);

// src/adapters/auth/admin-token.ts
var KEY = "admin_token_hash";
var adminTokenFile = (dataDir) => import_node_path.default.resolve(dataDir, "admin-token.txt");
function ensureAdminToken(db, dataDir) {
  const row = db.prepare("SELECT value FROM meta WHERE key = ?").get(KEY);
  return row ? null : rotateAdminToken(db, dataDir);
}
async function upgradeStoredAdminToken(db, dataDir) {
  const row = db.prepare("SELECT value FROM meta WHERE key = ?").get(KEY);
  if (!row?.value.startsWith("scrypt$")) return;
  let token;
  try {
    token = (0, import_node_fs.readFileSync)(adminTokenFile(dataDir), "utf8").trim();
  } catch {
    return;
  }
  if (token.length === 0 || token.length > 200 || !await verifyPassword(token, row.value)) return;
  db.prepare("UPDATE meta SET value = ? WHERE key = ? AND value = ?").run(
    hashGeneratedSecret(token),
    KEY,
    row.value
  );
}
function rotateAdminToken(db, dataDir) {
  const token = randomSecret(144);
  writeAdminTokenFile(dataDir, token);
  db.prepare(
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
  ).run(KEY, hashGeneratedSecret(token));
  return token;
}
function createAdminTokenCheck(db) {
  const select = db.prepare("SELECT value FROM meta WHERE key = ?");
  const replace = db.prepare("UPDATE meta SET value = ? WHERE key = ? AND value = ?");
  const key = (0, import_node_crypto2.randomBytes)(32);
  const digestOf3 = (token) => (0, import_node_crypto2.createHmac)("sha256", key).update(token).digest();
  let lastGood;
  return async (token) => {
    const row = select.get(KEY);
    if (!row || token.length === 0 || token.length > 200) return false;
    const digest = digestOf3(token);
    if (lastGood && lastGood.hash === row.value && (0, import_node_crypto2.timingSafeEqual)(lastGood.digest, digest)) return true;
    const ok2 = await verifyPassword(token, row.value);
    if (!ok2) return false;
    lastGood = { digest, hash: row.value };
    if (row.value.startsWith("scrypt$")) {
      const hash = hashGeneratedSecret(token);
      if (replace.run(hash, KEY, row.value).changes === 1) lastGood = { digest, hash };
    }
    return true;
  };
}
function writeAdminTokenFile(dataDir, token) {
  const file = adminTokenFile(dataDir);
  const fresh = `${file}.${process.pid}.new`;
  (0, import_node_fs.rmSync)(fresh, { force: true });
  (0, import_node_fs.writeFileSync)(fresh, `${token}
`, { mode: 384, flag: "wx" });
  (0, import_node_fs.renameSync)(fresh, file);
}

// src/adapters/auth/credentials.ts
var import_node_crypto3 = require("node:crypto");

// src/core/geo/distance.ts
var EARTH_RADIUS_METERS = 63710088e-1;
var RAD = Math.PI / 180;
var METERS_PER_DEGREE = EARTH_RADIUS_METERS * RAD;
function distanceMeters(a, b) {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}
function withinMeters(a, b, reach) {
  const latitudeGap = Math.abs(b.lat - a.lat) * METERS_PER_DEGREE;
  if (latitudeGap > reach) return false;
  let degreesOfLongitude = Math.abs(b.lon - a.lon);
  if (degreesOfLongitude > 180) degreesOfLongitude = 360 - degreesOfLongitude;
  const path17 = latitudeGap + degreesOfLongitude * METERS_PER_DEGREE;
  if (path17 * (1 + 1e-9) + 1e-3 <= reach) return true;
  return distanceMeters(a, b) <= reach;
}

// src/core/geo/places.ts
var hasGeometry = (p) => p.lat !== void 0 && p.lon !== void 0 && p.radiusMeters !== void 0;
function fixEnters(fix, place) {
  const accuracy = fix.accuracyMeters ?? 0;
  const reach = place.radiusMeters + Math.min(accuracy, place.radiusMeters / 2);
  return withinMeters(fix, place, reach);
}
function fixClearlyLeaves(fix, place, hysteresisMeters) {
  const reach = place.radiusMeters + hysteresisMeters + (fix.accuracyMeters ?? 0);
  return !withinMeters(fix, place, reach);
}
var OUTSIDE = { kind: "outside" };
var UNSURE = { kind: "unsure" };
function locateFix(fix, places, currentKey, options) {
  if ((fix.accuracyMeters ?? 0) > options.maxAccuracyMeters) return UNSURE;
  let best;
  let bestHolds = false;
  let bestNearness = 0;
  let current2;
  for (const place of places) {
    if (!hasGeometry(place)) continue;
    if (place.key === currentKey) current2 = place;
    if (!fixEnters(fix, place)) continue;
    const holds = withinMeters(fix, place, place.radiusMeters);
    if (best && bestHolds && !holds) continue;
    if (holds) {
      if (best && bestHolds && place.radiusMeters >= best.radiusMeters) continue;
    } else {
      const nearness = distanceMeters(fix, place) / place.radiusMeters;
      if (best && nearness >= bestNearness) continue;
      bestNearness = nearness;
    }
    best = place;
    bestHolds = holds;
  }
  if (current2 && best !== current2 && !fixClearlyLeaves(fix, current2, options.hysteresisMeters)) {
    const leavesFor = best !== void 0 && bestHolds && (setIn(best, current2) ? true : setIn(current2, best) ? false : squarelyInside(fix, best, options.hysteresisMeters));
    if (!leavesFor) return { kind: "inside", place: current2 };
  }
  return best ? { kind: "inside", place: best } : OUTSIDE;
}
function squarelyInside(fix, place, hysteresisMeters) {
  const quarter = place.radiusMeters / 4;
  const reach = place.radiusMeters - Math.min(fix.accuracyMeters ?? 0, quarter) - Math.min(hysteresisMeters / 2, quarter);
  return withinMeters(fix, place, reach);
}
var setIn = (inner, outer) => inner.radiusMeters < outer.radiusMeters && distanceMeters(inner, outer) < outer.radiusMeters;

// src/core/model.ts
var TRAVELING = "Traveling";
var LOST = "Lost";

// src/core/owntracks/names.ts
function placeKeyOf(rawName) {
  let name = rawName.trim();
  if (name.startsWith("+")) return null;
  const bar = name.indexOf("|");
  if (bar >= 0) name = name.slice(0, bar);
  name = name.replace(/^-+/, "").trim();
  if (name === "") return null;
  return name.normalize("NFC").toLowerCase();
}
function regionNameClash(name) {
  const trimmed = name.trim();
  const bar = trimmed.indexOf("|");
  if (bar >= 0) return { character: "|", bareName: withoutHoldMode(trimmed.slice(0, bar)) };
  if (trimmed.startsWith("-")) return { character: "-", bareName: withoutHoldMode(trimmed) };
  if (trimmed.includes(":")) return { character: ":" };
  return null;
}
var withoutHoldMode = (name) => name.replace(/^-+/, "").trim();

// src/core/whereabouts/learned.ts
var RESERVED_TRAVELING = TRAVELING.toLowerCase();
var RESERVED_LOST = LOST.toLowerCase();
var MAX_LEARNED_REGIONS = 100;
function learnRegions(member, event) {
  const incoming = event.regions.map((r) => {
    const { createdSec, name, lat, lon, radiusMeters } = r;
    const region = lat !== void 0 && lon !== void 0 ? { deviceId: event.deviceId, createdSec, name, lat, lon } : { deviceId: event.deviceId, createdSec, name };
    if (radiusMeters !== void 0 && radiusMeters > 0) region.radiusMeters = radiusMeters;
    return region;
  });
  const before = member.learnedRegions ?? [];
  const replacesAll = event.source === "waypoints";
  let replaces = false;
  for (let i = 0; i < before.length && !replaces; i++)
    replaces = drops(before[i], event.deviceId, replacesAll, incoming);
  let regions;
  if (replaces) {
    regions = [];
    for (const old of before) if (!drops(old, event.deviceId, replacesAll, incoming)) regions.push(old);
  } else {
    regions = before.slice(Math.max(0, before.length + incoming.length - MAX_LEARNED_REGIONS));
  }
  for (const region of incoming) regions.push(region);
  return regions.length > MAX_LEARNED_REGIONS ? regions.slice(-MAX_LEARNED_REGIONS) : regions;
}
function drops(old, deviceId, replacesAll, incoming) {
  if (old.deviceId !== deviceId) return false;
  if (replacesAll) return true;
  for (const n of incoming) if (n.createdSec === old.createdSec) return true;
  return false;
}
function learnsPlaces(base, settings) {
  const mode = settings.learnedPlaces ?? "geofence";
  if (mode === "off") return false;
  return mode === "dial" || !base.every((p) => hasGeometry(p) || p.hidden);
}
function withLearnedPlaces(base, learned, memberId, settings) {
  const mode = settings.learnedPlaces ?? "geofence";
  if (learned.length === 0 || !learnsPlaces(base, settings)) return base;
  const geometric = learned.filter(
    (r) => r.lat !== void 0 && r.lon !== void 0 && r.radiusMeters !== void 0
  );
  const byKey = /* @__PURE__ */ new Map();
  for (const r of geometric) {
    const key = placeKeyOf(r.name);
    if (key !== null) byKey.set(key, r);
  }
  const places = base.map((p) => {
    if (hasGeometry(p) || p.hidden) return p;
    const region = byKey.get(p.key) ?? p.aliases.map((a) => byKey.get(a)).find((r) => r !== void 0);
    return region ? {
      ...p,
      lat: region.lat,
      lon: region.lon,
      radiusMeters: region.radiusMeters
    } : p;
  });
  if (mode === "dial") {
    const known = (key) => settings.places.some(
      (p) => (p.key === key || p.aliases.includes(key)) && (!p.memberIds || p.memberIds.includes(memberId))
    );
    for (const [key, r] of byKey) {
      if (known(key) || key === RESERVED_TRAVELING || key === RESERVED_LOST) continue;
      const name = r.name.replace(/\|.*$/, "").replace(/^-+/, "").trim();
      places.push({
        name,
        key,
        aliases: [],
        lat: r.lat,
        lon: r.lon,
        radiusMeters: r.radiusMeters,
        memberIds: [memberId],
        learned: true
      });
    }
  }
  return places;
}

// src/core/whereabouts/member-places.ts
function placesOf(memberId, settings) {
  const mine = settings.places.filter((p) => !p.hidden && (!p.memberIds || p.memberIds.includes(memberId)));
  const own = new Set(mine.flatMap((p) => p.memberIds ? [p.key] : []));
  return own.size === 0 ? mine : mine.filter((p) => p.memberIds || !own.has(p.key));
}
var learnedCache = /* @__PURE__ */ new WeakMap();
function placesNow(member, base, settings, learns = true) {
  const learned = member.learnedRegions;
  if (!learns || !learned || learned.length === 0) return base;
  let places = learnedCache.get(learned);
  if (!places) {
    places = withLearnedPlaces(base, learned, member.memberId, settings);
    learnedCache.set(learned, places);
  }
  return places;
}
var placeCache = /* @__PURE__ */ new WeakMap();
var lastSettings;
var lastPlaces;
function memberPlaces(settings) {
  if (settings === lastSettings && lastPlaces) return lastPlaces;
  let byMember = placeCache.get(settings);
  if (!byMember) {
    byMember = new Map(
      settings.members.map((m) => {
        const base = placesOf(m.id, settings);
        return [m.id, { base, learns: learnsPlaces(base, settings) }];
      })
    );
    placeCache.set(settings, byMember);
  }
  lastSettings = settings;
  lastPlaces = byMember;
  return byMember;
}

// src/core/waypoints.ts
var BASE_TST = 16e8;
function stableWaypointTst(name) {
  let hash = 2166136261;
  for (const ch of name.toLowerCase()) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return BASE_TST + hash % 1e8;
}
function waypointsFor(memberId, settings) {
  return placesOf(memberId, settings).filter(hasGeometry).map((p) => ({
    _type: "waypoint",
    desc: p.name,
    lat: p.lat,
    lon: p.lon,
    rad: Math.round(p.radiusMeters),
    tst: stableWaypointTst(p.name)
  }));
}
function setWaypointsCommand(memberId, settings) {
  return setWaypointsOf(waypointsFor(memberId, settings));
}
var setWaypointsOf = (waypoints) => ({
  _type: "cmd",
  action: "setWaypoints",
  waypoints: { _type: "waypoints", waypoints }
});
var NOWHERE = { lat: -1e3, lon: -1e3 };
function withRemovals(current2, held) {
  const keyOf2 = (r) => `${r.tst}\0${r.desc}`;
  const kept = new Set(current2.map(keyOf2));
  const removals = /* @__PURE__ */ new Map();
  for (const region of held) {
    const key = keyOf2(region);
    if (kept.has(key) || removals.has(key)) continue;
    removals.set(key, { _type: "waypoint", desc: region.desc, ...NOWHERE, rad: 0, tst: region.tst });
  }
  return [...removals.values(), ...current2];
}
function heldIn(record) {
  if (!record) return [];
  let parsed;
  try {
    parsed = JSON.parse(record);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((r) => {
    if (typeof r !== "object" || r === null) return [];
    const { desc, tst } = r;
    return typeof desc === "string" && typeof tst === "number" ? [{ desc, tst }] : [];
  });
}
var heldRecord = (regions) => JSON.stringify(regions.map(({ desc, tst }) => ({ desc, tst })));

// src/core/provisioning.ts
function provisioningConfig(input) {
  const { settings, memberId, deviceId } = input;
  const member = settings.members.find((m) => m.id === memberId);
  const config = {
    _type: "configuration",
    mode: 0,
    // MQTT
    host: input.host,
    port: input.port,
    tls: true,
    ws: false,
    auth: true,
    // iOS's own switch for sending the password, which an earlier setup may have left off.
    usePassword: true,
    username: input.username,
    password: input.password,
    deviceId,
    // Android allows at most two letters or digits (§1.1).
    tid: initials(member?.name ?? deviceId),
    clientId: compactId(`${settings.family}${deviceId}`),
    // The clock's topic layout, whatever the username is (§2.1).
    pubTopicBase: `owntracks/${settings.family}/%d`,
    mqttProtocolLevel: 4,
    // Android obeys it (since v2.5; it used to raise anything under 15 minutes), and a short one wakes
    // the phone from Doze for a ping every time: 15 minutes, so a silent phone's will comes ~22 later.
    keepalive: 900,
    cleanSession: false,
    pubQos: 1,
    pubRetain: true,
    cmd: true,
    remoteConfiguration: true,
    allowRemoteLocation: true,
    monitoring: 1,
    extendedData: true,
    waypoints: waypointsFor(memberId, settings)
  };
  config.encryptionKey = input.encryptionKey ?? "";
  return config;
}
function initials(name) {
  const firsts = name.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== "").map((w) => String.fromCodePoint(w.codePointAt(0))).join("");
  const source = [...firsts].length >= 2 ? firsts : name.replace(/[^\p{L}\p{N}]/gu, "");
  return [...source.toUpperCase()].slice(0, 2).join("") || "WC";
}
function inlineConfigLink(config) {
  const bytes = new TextEncoder().encode(JSON.stringify(config));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return `owntracks:///config?inline=${encodeURIComponent(btoa(binary))}`;
}
function compactId(text) {
  return text.replace(/[^\p{L}\p{N}_]/gu, "").toLowerCase();
}
var isExampleName = (name) => /(^|\.)example(\.(com|net|org))?\.?$/i.test(name) || /\.invalid\.?$/i.test(name);

// src/adapters/auth/credentials.ts
var SELECT = "SELECT password_hash FROM device_credential WHERE device_id = ?";
var UPSERT = "INSERT INTO device_credential (device_id, member_id, password_hash, created_ms) VALUES (?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET password_hash = excluded.password_hash, created_ms = excluded.created_ms";
function storePassword(db, username, memberId, password) {
  db.prepare(UPSERT).run(username.toLowerCase(), memberId, hashGeneratedSecret(password), Date.now());
}
function loadCredentials(db, devices, clock, family, options = {}) {
  const spend = options.spend ?? spendAVerification;
  const generated = [];
  const select = db.prepare(SELECT);
  const stamp = db.prepare("SELECT count(*) AS rows, total(created_ms) AS times FROM device_credential");
  const accounts = /* @__PURE__ */ new Map();
  const add = (username, identity, memberId, configured) => {
    const key = username.toLowerCase();
    if (configured.passwordHash)
      return accounts.set(key, { identity, configuredHash: configured.passwordHash });
    if (configured.password)
      return accounts.set(key, { identity, configuredDigest: digestOf(configured.password) });
    if (!select.get(key)) {
      const password = generatePassword();
      generated.push(memberId === "" ? { username: key, password } : { username: key, password, memberId });
    }
    return accounts.set(key, { identity });
  };
  for (const d of devices)
    add(d.deviceId, { kind: "device", family, deviceId: d.deviceId, memberId: d.memberId }, d.memberId, d);
  add(
    clock.username,
    { kind: "clock", family },
    "",
    clock.password === void 0 ? {} : { password: clock.password }
  );
  const storedInUse = JSON.stringify(
    [...accounts].filter(([, a]) => !a.configuredHash && !a.configuredDigest).map(([name]) => name)
  );
  const unused = db.prepare(
    "SELECT device_id FROM device_credential WHERE device_id NOT IN (SELECT value FROM json_each(?))"
  ).pluck().all(storedInUse);
  if (unused.length > 0) {
    db.prepare("DELETE FROM device_credential WHERE device_id NOT IN (SELECT value FROM json_each(?))").run(
      storedInUse
    );
    options.forgetRemoved?.(unused);
  }
  if (generated.length > 0) {
    options.keepGenerated?.(generated);
    db.transaction(() => {
      for (const g of generated) storePassword(db, g.username, g.memberId ?? "", g.password);
    })();
  }
  const clockKey = clock.username.toLowerCase();
  const hashOf2 = (username, account) => account.configuredHash ?? select.get(username)?.password_hash;
  const check = async (username, account, password) => {
    if (account.configuredDigest)
      return (0, import_node_crypto3.timingSafeEqual)(account.configuredDigest, digestOf(password)) ? CONFIGURED : "wrong";
    const hash = hashOf2(username, account);
    if (hash === void 0) return "wrong";
    const cacheKey = `${username}\0${hash}`;
    const digest = digestOf(password);
    const right = account.configuredHash ? CONFIGURED : { version: hash };
    const known = verified.get(cacheKey);
    if (known) return (0, import_node_crypto3.timingSafeEqual)(known, digest) ? right : "wrong";
    const ok2 = await verifyPassword(password, hash);
    if (!ok2) return hash.startsWith("scrypt$") ? "wrong-after-scrypt" : "wrong";
    if (verified.size >= MAX_CACHED_LOGINS) verified.clear();
    verified.set(cacheKey, digest);
    return right;
  };
  const accept = (account, checked, options2) => {
    options2.accepted?.(checked.version);
    return account.identity;
  };
  const refuse = async (password, checks, options2) => {
    if (checks.includes("wrong-after-scrypt")) options2.tookScrypt?.();
    else if (options2.spend) await spend(password);
    return null;
  };
  const verified = /* @__PURE__ */ new Map();
  async function authenticateFamilyMember(password, clientId, options2) {
    const hint = compactId(clientId);
    const devicesFirstHinted = [...accounts].filter(([, a]) => a.identity.kind === "device");
    const hinted = ([name]) => Number(hint !== "" && hint.endsWith(compactId(name)));
    devicesFirstHinted.sort((a, b) => hinted(b) - hinted(a));
    const checks = [];
    for (const [name, account] of devicesFirstHinted) {
      const checked = await check(name, account, password);
      if (typeof checked === "object") return accept(account, checked, options2);
      checks.push(checked);
    }
    return refuse(password, checks, options2);
  }
  return {
    generated,
    knows: (username) => username === family || accounts.has(username.toLowerCase()),
    async authenticate(username, password, clientId = "", options2 = { spend: true }) {
      const key = username.toLowerCase();
      if (username === family && !accounts.has(key))
        return authenticateFamilyMember(password, clientId, options2);
      const account = accounts.get(key);
      if (!account) return refuse(password, [], options2);
      const checked = await check(key, account, password);
      return typeof checked === "object" ? accept(account, checked, options2) : refuse(password, [checked], options2);
    },
    passwordsStamp: () => {
      const row = stamp.get();
      return `${row.rows}:${row.times}`;
    },
    passwordVersionOf(identity) {
      const key = identity.kind === "clock" ? clockKey : identity.deviceId.toLowerCase();
      const account = accounts.get(key);
      if (!account || account.identity.family !== identity.family) return void 0;
      if (account.configuredDigest || account.configuredHash) return CONFIGURED.version;
      return select.get(key)?.password_hash;
    }
  };
}
var CONFIGURED = { version: "config" };
async function spendAVerification(password) {
  dummyHash ??= hashPassword("not-a-real-account");
  await verifyPassword(password, dummyHash);
}
var dummyHash;
var CACHE_KEY = (0, import_node_crypto3.randomBytes)(32);
var MAX_CACHED_LOGINS = 1e4;
var digestOf = (password) => (0, import_node_crypto3.createHmac)("sha256", CACHE_KEY).update(password).digest();

// src/adapters/auth/new-passwords.ts
var import_node_fs3 = require("node:fs");
var import_node_path3 = __toESM(require("node:path"));

// src/adapters/files/private-file.ts
var import_node_fs2 = require("node:fs");
var import_node_path2 = __toESM(require("node:path"));
function writeFileAtomically(file, data, mode = 420) {
  const temporary = import_node_path2.default.join(import_node_path2.default.dirname(file), `.${import_node_path2.default.basename(file)}.${process.pid}.tmp`);
  const fd = (0, import_node_fs2.openSync)(temporary, "w", mode);
  try {
    try {
      (0, import_node_fs2.fchmodSync)(fd, mode);
      writeAll(fd, data);
      (0, import_node_fs2.fsyncSync)(fd);
    } finally {
      (0, import_node_fs2.closeSync)(fd);
    }
    (0, import_node_fs2.renameSync)(temporary, file);
  } catch (error) {
    (0, import_node_fs2.rmSync)(temporary, { force: true });
    throw error;
  }
}
function writePrivateFile(file, data) {
  writeFileAtomically(file, data, 384);
}
function writeAll(fd, data) {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  let written = 0;
  while (written < bytes.length) written += (0, import_node_fs2.writeSync)(fd, bytes, written);
}

// src/adapters/auth/new-passwords.ts
function newPasswordsFile(dataDir) {
  return import_node_path3.default.resolve(dataDir, "new-passwords.txt");
}
function writeNewPasswords(dataDir, generated) {
  const file = newPasswordsFile(dataDir);
  const lines = generated.map(
    (g) => `${g.username}	${g.password}${g.memberId ? `	member ${g.memberId}` : "	clock account"}`
  );
  const replaced = new Set(generated.map((g) => g.username.toLowerCase()));
  const kept = (0, import_node_fs3.existsSync)(file) ? withoutAccounts((0, import_node_fs3.readFileSync)(file, "utf8").split("\n"), replaced) : [];
  while (kept.length > 0 && kept[kept.length - 1] === "") kept.pop();
  const before = kept.length > 0 ? `${kept.join("\n")}
` : "";
  writePrivateFile(
    file,
    `${before}# generated ${(/* @__PURE__ */ new Date()).toISOString()}: username<TAB>password
${lines.join("\n")}
`
  );
  return file;
}
function withoutAccounts(lines, names) {
  return lines.filter((line) => line.startsWith("#") || !names.has(line.split("	")[0]?.toLowerCase() ?? ""));
}
function forgetNewPassword(dataDir, username) {
  const file = newPasswordsFile(dataDir);
  if (!(0, import_node_fs3.existsSync)(file)) return;
  const lines = (0, import_node_fs3.readFileSync)(file, "utf8").split("\n");
  const kept = withoutAccounts(lines, /* @__PURE__ */ new Set([username.toLowerCase()]));
  if (kept.length === lines.length) return;
  if (!kept.some((line) => line !== "" && !line.startsWith("#"))) (0, import_node_fs3.rmSync)(file, { force: true });
  else writePrivateFile(file, kept.join("\n"));
}

// src/adapters/broker/external-broker.ts
var import_mqtt = __toESM(require("mqtt"));

// src/adapters/log/repeat-filter.ts
var REPEAT_EVERY_MS = 36e5;
function createRepeatFilter(logger, now) {
  let last;
  return {
    log(level, message) {
      if (last?.message === message && now() - last.atMs < REPEAT_EVERY_MS) {
        logger.log("debug", `again: ${message}`);
        return false;
      }
      last = { message, atMs: now() };
      logger.log(level, message);
      return true;
    },
    forget() {
      last = void 0;
    }
  };
}

// src/adapters/log/safe-url.ts
var safeUrl = (url) => {
  const at = url.lastIndexOf("@");
  if (at === -1) return url;
  const scheme = /^[a-z][a-z\d+.-]*:\/+/i.exec(url)?.[0] ?? "";
  return scheme + url.slice(at + 1);
};

// src/adapters/broker/diagnose.ts
function errorText(error) {
  const e = error ?? {};
  if (e.message) return e.message;
  const inner = e.errors?.find((x) => x?.message);
  if (inner?.message) return inner.message;
  return e.code !== void 0 ? String(e.code) : String(error);
}
function diagnoseConnectError(error, target) {
  const e = error ?? {};
  const code = String(e.code ?? "");
  const message = errorText(error);
  const where = safeUrl(target.url);
  if (target.hasPassword && target.username === void 0) {
    return {
      ok: false,
      problem: "broker.password is set but broker.username is not, so no login can be sent",
      fix: `set broker.username too (mosquitto-config names the clock's account "weasley-clock" unless it is set)`
    };
  }
  if (code === "ECONNRESET" && /^(mqtt|ws):\/\//.test(target.url)) {
    return {
      ok: false,
      problem: `${where} hung up on plain MQTT: the port probably expects TLS`,
      fix: "use mqtts:// (wss:// for WebSockets) for a TLS port, usually 8883, or the broker's plain port, usually 1883"
    };
  }
  if (code === "ECONNREFUSED") {
    return {
      ok: false,
      problem: `nothing listens at ${where} (connection refused)`,
      fix: "start the broker, or check host and port (and any firewall in between)"
    };
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return {
      ok: false,
      problem: `the name in ${where} does not resolve`,
      fix: "check the host name (or use the broker\u2019s IP address)"
    };
  }
  if (/couldn't connect to server/i.test(message)) {
    return {
      ok: false,
      problem: `${where} closed the connection without answering the login`,
      fix: "check the broker\u2019s log: cloud brokers (AWS IoT, Losant) close it for a client id their policy does not allow, or a TLS client certificate they do not know"
    };
  }
  if (code === "ETIMEDOUT" || /timed? ?out/i.test(message)) {
    return {
      ok: false,
      problem: `no answer from ${where}`,
      fix: "check the port, and that the broker is reachable from this machine (firewall, NAT)"
    };
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID" || /altnames|does not match certificate/i.test(message)) {
    return {
      ok: false,
      problem: `the broker's certificate does not name the host in ${where}`,
      fix: "connect with a name the certificate lists (see its Subject Alternative Names), or re-issue it with this name (broker.publicHosts)"
    };
  }
  if (/self[- ]signed|unable to (get local issuer|verify the first)|UNABLE_TO_VERIFY|SELF_SIGNED/i.test(
    `${code} ${message}`
  )) {
    return {
      ok: false,
      problem: "the broker\u2019s certificate is signed by a CA this machine does not trust",
      fix: target.caFile ? `broker.caFile (${target.caFile}) is not the CA that signed it: give the one that did (for a Mosquitto set up by mosquitto-config, the ca.crt in its folder)` : "set broker.caFile to the CA certificate that signed it (for our own CA: data/tls/ca.crt)"
    };
  }
  if (/CERT_HAS_EXPIRED|expired/i.test(`${code} ${message}`)) {
    return {
      ok: false,
      problem: "the broker\u2019s certificate has expired",
      fix: "renew it (certbot renew), then reload the broker"
    };
  }
  if (/wrong version number|packet length too long|EPROTO/i.test(`${code} ${message}`)) {
    return {
      ok: false,
      problem: `TLS and plain MQTT are mixed up at ${where}`,
      fix: "use mqtt:// for a plain port and mqtts:// for a TLS port (usually 1883 and 8883)"
    };
  }
  if (/bad user ?name or password|not authori[sz]ed/i.test(message) || code === "4" || code === "5" || code === "134" || code === "135") {
    return {
      ok: false,
      problem: `the broker refused the login${target.username ? ` of "${target.username}"` : ""}`,
      fix: "check broker.username and broker.password (old config: mirrorUser / mirrorPass) against the broker\u2019s password file"
    };
  }
  return {
    ok: false,
    problem: message.split("\n")[0] ?? "unknown error",
    fix: "check the broker\u2019s log"
  };
}
var hungUpHint = (profile, clientId, url) => `${loginHint(profile, clientId)}${webSocketHint(url)}${plainHint(url)}`;
function plainHint(url) {
  return /^(mqtt|ws):\/\//i.test(url) ? `; or the port expects TLS: use ${url.toLowerCase().startsWith("ws") ? "wss" : "mqtts"}:// for it` : "";
}
function loginHint(profile, clientId) {
  switch (profile) {
    case "aws-iot":
      return `check that the policy allows iot:Connect for client id "${clientId}", and that the certificate is active and attached to that policy`;
    case "losant":
      return `the client id "${clientId}" must be the id of a device registered in the Losant application`;
    case "mosquitto":
      return "check the broker's log: it may refuse this client id, or a TLS client certificate it does not know";
  }
}
function webSocketHint(url) {
  if (!/^wss?:\/\//i.test(url)) return "";
  let path17 = "/";
  try {
    path17 = new URL(url).pathname;
  } catch {
  }
  return `; or the WebSocket path ${path17} is not the broker's (EMQX, HiveMQ and Mosquitto behind a web server often listen on /mqtt: give it in the url)`;
}

// src/adapters/broker/external-client-options.ts
var import_node_fs4 = require("node:fs");

// src/adapters/net/address-key.ts
var import_node_net = require("node:net");
function addressKey(address) {
  const bare = address.replace(/%.*$/, "");
  if (!(0, import_node_net.isIPv6)(bare)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1]) return mapped[1];
  const [head = "", tail] = bare.split("::");
  const groups = (part) => part ? part.split(":").flatMap((g) => g.includes(".") ? ["0", "0"] : [g]) : [];
  const before = groups(head);
  const after = groups(tail);
  const all = tail === void 0 ? before : [...before, ...Array(8 - before.length - after.length).fill("0"), ...after];
  return `${all.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16)).join(":")}::/64`;
}
function peerKey(peer, local) {
  const key = addressKey(peer);
  if (local === void 0 || !key.endsWith("::/64") || key !== addressKey(local)) return key;
  return peer.replace(/%.*$/, "").toLowerCase();
}
function isLoopbackAddress(address) {
  const bare = address.replace(/^\[(.*)\]$/, "$1");
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1] ?? bare;
  return bare === "::1" || (0, import_node_net.isIP)(v4) === 4 && v4.startsWith("127.");
}

// src/adapters/broker/external-client-options.ts
var AWS_IOT_ALPN = "x-amzn-mqtt-ca";
function newExternalClientId(family, randomHex8) {
  const readable = family.normalize("NFKD").replace(/[^0-9A-Za-z]/g, "").slice(0, 6);
  return readable === "" ? `weasley-${randomHex8}` : `weasley-${readable}-${randomHex8}`;
}
function clientOptionsOf(config, clientId) {
  const clientOptions = {
    clientId,
    clean: false,
    protocolVersion: 4,
    keepalive: config.keepaliveSeconds ?? 60,
    // We schedule reconnects ourselves (exponential backoff with jitter).
    reconnectPeriod: 0,
    connectTimeout: 15e3,
    rejectUnauthorized: true,
    // QoS 0 publishes made while offline are dropped instead of piling up.
    queueQoSZero: false
  };
  if (config.username !== void 0) clientOptions.username = config.username;
  if (config.password !== void 0) clientOptions.password = config.password;
  if (config.caFile !== void 0) clientOptions.ca = (0, import_node_fs4.readFileSync)(config.caFile);
  if (config.certFile !== void 0) clientOptions.cert = (0, import_node_fs4.readFileSync)(config.certFile);
  if (config.keyFile !== void 0) clientOptions.key = (0, import_node_fs4.readFileSync)(config.keyFile);
  if (config.profile === "aws-iot" && portOf(config.url) === "443" && config.url.startsWith("mqtts://"))
    clientOptions.ALPNProtocols = [AWS_IOT_ALPN];
  if (/^wss?:\/\//.test(config.url))
    clientOptions.transformWsUrl = (url, options) => options.hostname?.includes(":") ? `${options.protocol}://[${options.hostname}]:${options.port}${options.path ?? "/"}` : url;
  return clientOptions;
}
function portOf(url) {
  try {
    return new URL(url).port;
  } catch {
    return void 0;
  }
}
function plainRemoteHost(url) {
  if (!/^(mqtt|ws):\/\//.test(url)) return void 0;
  let host;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return void 0;
  }
  const loopback = host === "localhost" || host.endsWith(".localhost") || isLoopbackAddress(host);
  return loopback ? void 0 : host;
}

// src/adapters/broker/external-broker.ts
var STABLE_CONNECTION_MS = 3e4;
var CONNECTION_CLOSED = "Connection closed";
var MAX_REPLAY_DEATHS = 2;
function startExternalBroker(options) {
  const { config, logger } = options;
  const now = options.now ?? Date.now;
  const backoff = options.backoff ?? { initialMs: 1e3, maxMs: 6e4 };
  const topic = `owntracks/${options.family}/#`;
  let view = { connected: false, lastError: "connecting" };
  let attempt = 0;
  let connectedAtMs;
  const waiting = /* @__PURE__ */ new Set();
  let replaying = false;
  let inFlight;
  let suspect;
  let retryTimer;
  let closing = false;
  let answered = false;
  let attemptError;
  const failures = createRepeatFilter(logger, now);
  const connects = createRepeatFilter(logger, now);
  const keepFailures = createRepeatFilter(logger, now);
  let droppedByUs = false;
  let lastWentWell = true;
  let failureSaid = false;
  const sayFailure = (level, message) => {
    if (failures.log(level, message)) failureSaid = true;
  };
  let awaitingSubAck;
  let lastSubscribed = true;
  const clientOptions = clientOptionsOf(config, options.clientId);
  const inClear = config.password === void 0 ? void 0 : plainRemoteHost(config.url);
  if (inClear)
    logger.log(
      "warn",
      `broker.password goes to ${inClear} in clear (${config.url.split(":")[0]}://): anyone on the network between can read it; use mqtts:// or wss:// unless that network is yours alone`
    );
  const client = import_mqtt.default.connect(config.url, clientOptions);
  client.handleMessage = (packet, callback) => {
    const payload = typeof packet.payload === "string" ? Buffer.from(packet.payload) : packet.payload;
    const delivery = packet.retain ? "replayed" : "relayed";
    const inbound = { topic: packet.topic, payload, receivedAtMs: now(), delivery };
    const stream = client.stream;
    options.onMessage(inbound, (error) => {
      if (client.stream !== stream || stream.destroyed) return;
      if (!error) return callback();
      if (keepFailures.log("warn", "could not keep a message from the broker: reconnecting to have it again"))
        failureSaid = true;
      droppedByUs = true;
      stream.destroy();
    });
  };
  const setView = (next) => {
    view = next;
    options.onConnectionChange?.(next);
  };
  client.on("packetsend", (packet) => {
    if (replaying && packet.cmd === "publish" && packet.qos > 0 && packet.messageId !== void 0)
      inFlight = { messageId: packet.messageId, topic: packet.topic };
  });
  client.on("packetreceive", (packet) => {
    if (packet.cmd === "connack") answered = true;
    if (packet.cmd === "connack" && packet.returnCode === 0) replaying = true;
    else if (packet.cmd === "puback" && packet.messageId === inFlight?.messageId) {
      inFlight = void 0;
      suspect = void 0;
    }
  });
  client.on("connect", (connack) => {
    replaying = false;
    inFlight = void 0;
    suspect = void 0;
    connectedAtMs = now();
    setView({ connected: true });
    const said = `connected to ${safeUrl(config.url)}${connack.sessionPresent ? " (session resumed)" : ""}`;
    if (lastWentWell || failureSaid) connects.forget();
    connects.log("info", said);
    failureSaid = false;
    lastSubscribed = false;
    clearTimeout(resubscribeTimer);
    subscribe(++connection, connack.sessionPresent, 0);
  });
  let resubscribeTimer;
  let connection = 0;
  const retries = options.resubscribe ?? { initialMs: 3e4, maxMs: 6e5 };
  function subscribe(on, resumed, refusals) {
    awaitingSubAck = on;
    client.subscribe(topic, { qos: 1 }, (error, granted) => {
      if (on !== connection) return;
      awaitingSubAck = void 0;
      const refused2 = error || granted?.some((g) => g.qos === 128) ? new Error(`the broker refused the subscription to ${topic}${error ? ` (${error.message})` : ""}`) : void 0;
      if (refused2) {
        if (!client.connected || closing) return;
        if (refusals === 0) {
          logger.log("error", `${refused2.message}: check the broker's ACL for this account`);
          setView({ connected: true, lastError: refused2.message });
        }
        const delay = Math.min(retries.maxMs, retries.initialMs * 2 ** refusals);
        resubscribeTimer = setTimeout(() => subscribe(on, resumed, refusals + 1), delay);
        resubscribeTimer.unref?.();
        return;
      }
      lastSubscribed = true;
      forgetEarlierFilter(resumed);
      if (refusals > 0) {
        logger.log("info", `the broker now grants the subscription to ${topic}`);
        setView({ connected: true });
      }
      options.onSubscribed?.(resumed);
    });
  }
  let earlierFilter = options.subscribedBefore;
  function forgetEarlierFilter(resumed) {
    const earlier = earlierFilter;
    if (earlier === topic) return;
    if (earlier === void 0 || !resumed) {
      earlierFilter = topic;
      options.onFilterHeld?.(topic);
      return;
    }
    client.unsubscribe(earlier, (error) => {
      if (error || earlierFilter !== earlier) return;
      earlierFilter = topic;
      logger.log("info", `gave up the subscription to ${earlier} an earlier run of this clock held`);
      options.onFilterHeld?.(topic);
    });
  }
  client.on("error", (error) => {
    attemptError = error;
    if (!answered && isHangUp(error)) return;
    if (view.connected) {
      logger.log("debug", `broker ${safeUrl(config.url)}: ${errorText(error)}`);
      return;
    }
    if (wasStable()) failures.forget();
    const { problem, fix } = diagnoseConnectError(error, {
      url: config.url,
      ...config.username === void 0 ? {} : { username: config.username },
      hasPassword: config.password !== void 0,
      ...config.caFile === void 0 ? {} : { caFile: config.caFile }
    });
    const where = safeUrl(config.url);
    const said = problem === void 0 ? errorText(error) : problem;
    sayFailure("warn", `${said.includes(where) ? "" : `broker ${where}: `}${said}${fix ? `: ${fix}` : ""}`);
    view = { connected: false, lastError: said };
  });
  client.on("close", () => {
    clearTimeout(resubscribeTimer);
    if (closing) return;
    if (replaying && inFlight && !droppedByUs)
      suspect = suspect?.messageId === inFlight.messageId ? { ...suspect, deaths: suspect.deaths + 1 } : { ...inFlight, deaths: 1 };
    replaying = false;
    inFlight = void 0;
    const hungUp = !answered && (attemptError === void 0 || isHangUp(attemptError));
    const reason = attemptError === void 0 ? "" : ` (${errorText(attemptError)})`;
    const hungUpOnSubscribe = awaitingSubAck === connection && (attemptError === void 0 || isHangUp(attemptError)) && !droppedByUs;
    const ours = droppedByUs;
    answered = false;
    attemptError = void 0;
    awaitingSubAck = void 0;
    droppedByUs = false;
    if (connectedAtMs !== void 0) lastWentWell = lastSubscribed && wasStable();
    if (view.connected) {
      if (wasStable()) failures.forget();
      if (ours) setView({ connected: false, lastError: "could not keep a message: reconnecting" });
      else if (hungUpOnSubscribe) {
        const problem = `${safeUrl(config.url)} closed the connection on the subscription to ${topic}: check the broker's ACL for this account`;
        sayFailure("error", problem);
        setView({ connected: false, lastError: problem });
      } else {
        const lost = `lost the connection to ${safeUrl(config.url)}${reason}; reconnecting`;
        if (reason) sayFailure("warn", lost);
        else failures.log("info", lost);
        setView({ connected: false, lastError: `connection lost${reason}` });
      }
    } else if (hungUp) {
      const problem = `${safeUrl(config.url)} closed the connection without answering the login: ${hungUpHint(config.profile, options.clientId, config.url)}`;
      sayFailure("error", problem);
      setView({ connected: false, lastError: problem });
    } else options.onConnectionChange?.(view);
    scheduleReconnect();
  });
  function wasStable() {
    return connectedAtMs !== void 0 && now() - connectedAtMs >= STABLE_CONNECTION_MS;
  }
  function scheduleReconnect() {
    if (closing || retryTimer) return;
    if (wasStable()) attempt = 0;
    connectedAtMs = void 0;
    const delay = reconnectDelayMs(attempt, backoff, Math.random());
    attempt++;
    logger.log("debug", `reconnecting to ${safeUrl(config.url)} in ${delay} ms`);
    retryTimer = setTimeout(() => {
      retryTimer = void 0;
      if (closing) return;
      if (suspect && suspect.deaths >= MAX_REPLAY_DEATHS) {
        logger.log(
          "warn",
          `dropped a message to ${suspect.topic}: ${safeUrl(config.url)} closed the connection each time it was sent (check its policy for the clock's topics)`
        );
        client.removeOutgoingMessage(suspect.messageId);
        suspect = void 0;
      }
      client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore });
    }, delay);
    retryTimer.unref();
  }
  function failWaiting(error) {
    for (const settle2 of [...waiting]) settle2(error);
  }
  return {
    connection: () => view,
    publish(t, payload, { qos, retain }) {
      return new Promise((resolve2, reject) => {
        let settled = false;
        const settle2 = (error) => {
          if (settled) return;
          settled = true;
          waiting.delete(settle2);
          if (error) reject(error);
          else resolve2();
        };
        if (qos > 0) waiting.add(settle2);
        const send2 = () => client.publish(t, payload, { qos, retain }, (e) => {
          if (qos > 0 && !closing && e?.message === CONNECTION_CLOSED) setImmediate(send2);
          else settle2(e ?? void 0);
        });
        send2();
      });
    },
    async close() {
      closing = true;
      if (retryTimer) clearTimeout(retryTimer);
      clearTimeout(resubscribeTimer);
      failWaiting(new Error("not sent: the clock is stopping"));
      await client.endAsync(true);
    }
  };
}
function isHangUp(error) {
  return error.code === "ECONNRESET" || error.code === "EPIPE";
}
function reconnectDelayMs(attempt, bounds, random) {
  const ceiling = Math.min(bounds.maxMs, bounds.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random * (ceiling / 2));
}

// src/core/clock-face.ts
function dialAngles(dial) {
  const step = 360 / Math.max(1, dial.length);
  return new Map(dial.map((label, i) => [label, i * step]));
}
var dialLabelOf = (place, dial) => dial.includes(place) ? place : "Lost";
var FAN_STEP_DEG = 15;
var FAN_REACH = 0.35;
var FAN_REACH_BESIDE_EMPTY = 0.45;
function handLayout(view, options = {}) {
  const angles = dialAngles(view.dial);
  const sector = 360 / Math.max(1, view.dial.length);
  const lostAngle = angles.get("Lost") ?? 0;
  const groups = /* @__PURE__ */ new Map();
  for (const m of view.members) {
    const label = dialLabelOf(m.place, view.dial);
    groups.set(label, [...groups.get(label) ?? [], m.id]);
  }
  const wanted = options.fanSpreadDegrees ?? FAN_STEP_DEG;
  const reach = (index, side) => {
    const neighbour = view.dial[(index + side + view.dial.length) % view.dial.length];
    const empty = index >= 0 && view.dial.length > 2 && neighbour !== void 0 && !groups.has(neighbour);
    return (empty ? FAN_REACH_BESIDE_EMPTY : FAN_REACH) * sector;
  };
  const positions = /* @__PURE__ */ new Map();
  for (const [label, ids] of groups) {
    const centre = angles.get(label) ?? lostAngle;
    const index = view.dial.indexOf(label);
    const before = reach(index, -1);
    const after = reach(index, 1);
    const gaps = Math.max(1, ids.length - 1);
    const step = Math.min(wanted, (before + after) / gaps);
    const width = step * (ids.length - 1);
    const first = centre - Math.min(before, Math.max(width / 2, width - after));
    ids.forEach((id, i) => {
      positions.set(id, {
        id,
        angleDeg: normalise(first + i * step),
        placeAngleDeg: normalise(centre),
        lengthFactor: ids.length > 1 && i % 2 === 1 ? 0.62 : 0.74
      });
    });
  }
  return view.members.map((m) => positions.get(m.id));
}
var normalise = (deg) => Math.round((deg % 360 + 360) % 360 * 1e3) / 1e3;

// src/adapters/mqtt-output/stepper-output.ts
var DIAL = "/dial";
function createStepperOutput(publisher, logger, options = { retain: true }) {
  const last = /* @__PURE__ */ new Map();
  let latest;
  let cleared = false;
  const clearRemoved = async (view) => {
    const meta = options.meta;
    if (!meta) return;
    const key = `hands:${view.family}`;
    const ids = view.members.map((m) => m.id);
    let before = [];
    try {
      before = JSON.parse(meta.get(key) ?? "[]");
    } catch {
    }
    const removed = Array.isArray(before) ? before.filter((id) => typeof id === "string" && !ids.includes(id)) : [];
    try {
      await Promise.all(
        removed.map(
          (id) => publisher.publish(`weasley/${view.family}/hands/${id}`, "", { qos: 1, retain: options.retain })
        )
      );
      meta.set(key, JSON.stringify(ids));
    } catch (error) {
      logger.log(
        "warn",
        `could not empty the hands of removed members: ${error instanceof Error ? error.message : String(error)}`
      );
    }
  };
  let shownDial = [];
  let shown = [];
  const unchanged = (view) => {
    if (view.dial !== shownDial && !sameStrings(view.dial, shownDial)) return false;
    if (view.members.length !== shown.length) return false;
    return view.members.every((m, i) => {
      const s = shown[i];
      return m.id === s.id && m.name === s.name && m.place === s.place && m.sinceMs === s.sinceMs && m.online === s.online;
    });
  };
  return {
    resend() {
      last.clear();
      shown = [];
      if (latest) this.show(latest, []);
    },
    show(view) {
      latest = view;
      if (!cleared) {
        cleared = true;
        void clearRemoved(view);
      }
      if (unchanged(view)) return;
      shownDial = view.dial;
      shown = view.members.map(({ id, name, place, sinceMs, online }) => ({
        id,
        name,
        place,
        sinceMs,
        online
      }));
      const layout = handLayout(view);
      const angles = dialAngles(view.dial);
      const dial = {
        places: view.dial.map((place) => ({ place, angle: angles.get(place) ?? 0 }))
      };
      send2(DIAL, `weasley/${view.family}/dial`, JSON.stringify(dial));
      view.members.forEach((member, i) => {
        const message = {
          member: member.id,
          name: member.name,
          place: member.place,
          angle: layout[i]?.angleDeg ?? 0,
          placeAngle: layout[i]?.placeAngleDeg ?? 0,
          slot: Math.max(0, view.dial.indexOf(dialLabelOf(member.place, view.dial))),
          since: member.sinceMs,
          online: member.online
        };
        send2(member.id, `weasley/${view.family}/hands/${member.id}`, JSON.stringify(message));
      });
    }
  };
  function send2(key, topic, payload) {
    if (last.get(key) === payload) return;
    last.set(key, payload);
    publisher.publish(topic, payload, { qos: 1, retain: options.retain }).catch((error) => {
      last.delete(key);
      shown = [];
      logger.log(
        "warn",
        `could not publish ${key === DIAL ? "the dial" : `the hand of ${key}`}: ${error instanceof Error ? error.message : String(error)}`
      );
    });
  }
}
var sameStrings = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

// src/adapters/sqlite/data-lock.ts
var import_node_fs7 = require("node:fs");
var import_node_path6 = __toESM(require("node:path"));
var import_promises = require("node:timers/promises");
var import_better_sqlite32 = __toESM(require("better-sqlite3"));

// src/adapters/sqlite/open-database.ts
var import_node_fs6 = require("node:fs");
var import_node_path5 = __toESM(require("node:path"));
var import_better_sqlite3 = __toESM(require("better-sqlite3"));

// src/adapters/sqlite/journal-pack.ts
var OUTCOMES = ["accepted", "ignored", "rejected"];
var OUTCOME_BYTE = { accepted: 0, ignored: 1, rejected: 2 };
var REPLAYED_BIT = 128;
var HEADER_BYTES = 8 + 1 + 4 * 4;
var REPLAYED_FROM_BYTES = 8;
var MAX_UTF8_PER_UNIT = 3;
var topicBytes = /* @__PURE__ */ new Map();
var CACHED_TOPIC_LENGTH = 256;
function topicBytesOf(topic) {
  let bytes = topicBytes.get(topic);
  if (bytes === void 0) {
    bytes = Buffer.from(topic);
    if (topic.length > CACHED_TOPIC_LENGTH) return bytes;
    if (topicBytes.size >= 1024) topicBytes.clear();
    topicBytes.set(topic, bytes);
  }
  return bytes;
}
function packJournal(entries) {
  let bound = 0;
  for (const e of entries) {
    bound += HEADER_BYTES + REPLAYED_FROM_BYTES + e.payload.byteLength;
    bound += (e.topic.length + (e.problemCode?.length ?? 0) + (e.detail?.length ?? 0)) * MAX_UTF8_PER_UNIT;
  }
  const out = Buffer.allocUnsafe(bound);
  let at = 0;
  for (const e of entries) {
    const head = at;
    at += HEADER_BYTES;
    out.writeDoubleLE(e.receivedAtMs, head);
    out[head + 8] = OUTCOME_BYTE[e.outcome] | (e.replayedFromMs === void 0 ? 0 : REPLAYED_BIT);
    if (e.replayedFromMs !== void 0) {
      out.writeDoubleLE(e.replayedFromMs, at);
      at += REPLAYED_FROM_BYTES;
    }
    const topic = topicBytesOf(e.topic);
    out.set(topic, at);
    const topicBytes2 = topic.length;
    at += topicBytes2;
    out.set(e.payload, at);
    at += e.payload.byteLength;
    const codeBytes = e.problemCode === void 0 ? 0 : out.write(e.problemCode, at);
    at += codeBytes;
    const detailBytes = e.detail === void 0 ? 0 : out.write(e.detail, at);
    at += detailBytes;
    out.writeUInt32LE(topicBytes2, head + 9);
    out.writeUInt32LE(e.payload.byteLength, head + 13);
    out.writeUInt32LE(codeBytes, head + 17);
    out.writeUInt32LE(detailBytes, head + 21);
  }
  return out.subarray(0, at);
}
function unpackJournal(packed, keep) {
  const buf = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const entries = [];
  let at = 0;
  while (at < buf.length) {
    if (at + HEADER_BYTES > buf.length) throw new Error("journal blob is truncated");
    const receivedAtMs = buf.readDoubleLE(at);
    const outcomeByte = buf[at + 8];
    const outcome = OUTCOMES[outcomeByte & ~REPLAYED_BIT];
    const replayed = (outcomeByte & REPLAYED_BIT) !== 0;
    const topicBytes2 = buf.readUInt32LE(at + 9);
    const payloadBytes = buf.readUInt32LE(at + 13);
    const codeBytes = buf.readUInt32LE(at + 17);
    const detailBytes = buf.readUInt32LE(at + 21);
    at += HEADER_BYTES;
    let replayedFromMs;
    if (replayed) {
      if (at + REPLAYED_FROM_BYTES > buf.length) throw new Error("journal blob is truncated");
      replayedFromMs = buf.readDoubleLE(at);
      at += REPLAYED_FROM_BYTES;
    }
    const size = topicBytes2 + payloadBytes + codeBytes + detailBytes;
    if (outcome === void 0 || at + size > buf.length) throw new Error("journal blob is corrupt");
    if (keep && !keep(outcome, replayed)) {
      at += size;
      continue;
    }
    const topic = buf.toString("utf8", at, at + topicBytes2);
    at += topicBytes2;
    const payload = new Uint8Array(buf.subarray(at, at + payloadBytes));
    at += payloadBytes;
    const entry = { receivedAtMs, topic, payload, outcome };
    if (replayedFromMs !== void 0) entry.replayedFromMs = replayedFromMs;
    if (codeBytes > 0) entry.problemCode = buf.toString("utf8", at, at + codeBytes);
    at += codeBytes;
    if (detailBytes > 0) entry.detail = buf.toString("utf8", at, at + detailBytes);
    at += detailBytes;
    entries.push(entry);
  }
  return entries;
}

// src/adapters/sqlite/journal-segments.ts
var import_node_fs5 = require("node:fs");
var import_node_path4 = __toESM(require("node:path"));
var import_node_zlib = __toESM(require("node:zlib"));
var SEGMENT_BATCH_BYTES = 2048;
var SEGMENT_BYTES = 1024 * 1024;
var NAME = /^(\d{6,})\.seg$/;
var fileName = (segment) => `${String(segment).padStart(6, "0")}.seg`;
var crc32 = typeof import_node_zlib.default.crc32 === "function" ? (data) => import_node_zlib.default.crc32(data) : tableCrc32;
var crcTable;
function tableCrc32(data) {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
    return c >>> 0;
  });
  const table = crcTable;
  let crc = 4294967295;
  for (const byte of data) crc = table[(crc ^ byte) & 255] ^ crc >>> 8;
  return (crc ^ 4294967295) >>> 0;
}
function openJournalSegments(dir, kept, options = {}) {
  const segmentBytes = options.segmentBytes ?? SEGMENT_BYTES;
  const found = listSegments(dir);
  let current2 = kept?.last.segment ?? Math.max(0, ...found.map((name) => Number(NAME.exec(name)?.[1]))) + 1;
  let end = kept ? kept.last.at + kept.last.bytes : 0;
  let fd;
  let next;
  let dropping = 0;
  const whenDropped = [];
  const doneDropping = () => {
    if (--dropping === 0) for (const resolve2 of whenDropped.splice(0)) resolve2();
  };
  let closed = false;
  const written = /* @__PURE__ */ new Set();
  let madeFile = false;
  let madeFolder = false;
  try {
    for (const name of found) {
      const segment = Number(NAME.exec(name)?.[1]);
      const file = import_node_path4.default.join(dir, name);
      if (!kept || segment < kept.first || segment > current2) unlinkQuietly(file);
      else if (segment === current2) {
        fd = (0, import_node_fs5.openSync)(file, "r+");
        if ((0, import_node_fs5.fstatSync)(fd).size > end) (0, import_node_fs5.ftruncateSync)(fd, end);
      }
    }
  } catch (error) {
    if (fd !== void 0) (0, import_node_fs5.closeSync)(fd);
    throw error;
  }
  const open2 = (segment) => {
    madeFile = true;
    if ((0, import_node_fs5.mkdirSync)(dir, { recursive: true, mode: 448 }) !== void 0) madeFolder = true;
    return (0, import_node_fs5.openSync)(import_node_path4.default.join(dir, fileName(segment)), import_node_fs5.constants.O_RDWR | import_node_fs5.constants.O_CREAT, 384);
  };
  const fdOf = (segment) => {
    if (segment === current2) {
      fd ??= open2(segment);
      return fd;
    }
    if (next?.segment !== segment) {
      if (next) closeQuietly(next.fd);
      next = void 0;
      next = { segment, fd: open2(segment) };
    }
    return next.fd;
  };
  return {
    write(packed) {
      let segment = current2;
      let at = end;
      if (at > 0 && at + packed.byteLength > segmentBytes) {
        segment = current2 + 1;
        at = 0;
      }
      const target = fdOf(segment);
      written.add(segment);
      for (let done = 0; done < packed.byteLength; )
        done += (0, import_node_fs5.writeSync)(target, packed, done, packed.byteLength - done, at + done);
      return { segment, at, bytes: packed.byteLength, crc: crc32(packed) };
    },
    committed(place) {
      end = place.at + place.bytes;
      if (place.segment !== current2 && next?.segment === place.segment) {
        const old = fd;
        fd = next.fd;
        next = void 0;
        current2 = place.segment;
        if (old !== void 0) closeQuietly(old);
      }
    },
    dropBefore(segment) {
      const below = Math.min(segment, current2);
      dropping++;
      (0, import_node_fs5.readdir)(dir, (error, names) => {
        if (!error && !closed)
          for (const name of names) {
            if (Number(NAME.exec(name)?.[1]) < below) {
              dropping++;
              (0, import_node_fs5.unlink)(import_node_path4.default.join(dir, name), doneDropping);
            }
          }
        doneDropping();
      });
    },
    dropped: () => dropping === 0 ? Promise.resolve() : new Promise((resolve2) => whenDropped.push(resolve2)),
    unsynced() {
      const files = [...written].map((segment) => import_node_path4.default.join(dir, fileName(segment)));
      if (madeFile) files.push(dir);
      if (madeFolder) files.push(import_node_path4.default.dirname(dir));
      written.clear();
      madeFile = false;
      madeFolder = false;
      return files;
    },
    close() {
      closed = true;
      if (fd !== void 0) closeQuietly(fd);
      if (next) closeQuietly(next.fd);
      fd = void 0;
      next = void 0;
    }
  };
}
function openSegmentReader(dir) {
  let reading;
  const fdFor = (segment) => {
    if (reading?.segment === segment) return reading.fd;
    if (reading) closeQuietly(reading.fd);
    reading = void 0;
    reading = { segment, fd: (0, import_node_fs5.openSync)(import_node_path4.default.join(dir, fileName(segment)), "r") };
    return reading.fd;
  };
  return {
    read(place) {
      const out = Buffer.allocUnsafe(place.bytes);
      try {
        const target = fdFor(place.segment);
        for (let done = 0; done < place.bytes; ) {
          const read = (0, import_node_fs5.readSync)(target, out, done, place.bytes - done, place.at + done);
          if (read === 0) return void 0;
          done += read;
        }
      } catch {
        return void 0;
      }
      return crc32(out) === place.crc ? out : void 0;
    },
    close() {
      if (reading) closeQuietly(reading.fd);
      reading = void 0;
    }
  };
}
function closeQuietly(fd) {
  try {
    (0, import_node_fs5.closeSync)(fd);
  } catch {
  }
}
function syncFiles(files) {
  for (const file of files) {
    let fd;
    try {
      fd = (0, import_node_fs5.openSync)(file, "r");
    } catch (error) {
      if (error.code === "ENOENT") continue;
      throw error;
    }
    try {
      if (file.endsWith(".seg")) (0, import_node_fs5.fdatasyncSync)(fd);
      else (0, import_node_fs5.fsyncSync)(fd);
    } finally {
      (0, import_node_fs5.closeSync)(fd);
    }
  }
}
function allSegmentFiles(dir) {
  const files = listSegments(dir).map((name) => import_node_path4.default.join(dir, name));
  return files.length > 0 ? [...files, dir, import_node_path4.default.dirname(dir)] : [];
}
function listSegments(dir) {
  try {
    return (0, import_node_fs5.readdirSync)(dir).filter((name) => NAME.test(name));
  } catch (error) {
    if (error.code === "ENOENT") return [];
    throw error;
  }
}
function unlinkQuietly(file) {
  try {
    (0, import_node_fs5.unlinkSync)(file);
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
}

// src/adapters/sqlite/journal-read.ts
var readForReplay = (outcome, replayed) => replayed || outcome === "rejected";
function readJournal(db, { limit, outcome, forReplay }, from = {}) {
  const out = [];
  if (limit <= 0) return out;
  const rows = db.prepare(
    `SELECT packed, segment, at, bytes, crc FROM journal_batch${forReplay ? " WHERE replay_entries IS NULL OR replay_entries > 0" : ""} ORDER BY id DESC`
  ).iterate();
  const reader = openSegmentReader(from.folder ?? journalFolderOf(db.name));
  try {
    for (const row of rows) {
      const packed = row.segment === null ? row.packed : reader.read({ ...row, segment: row.segment });
      if (!packed) {
        from.onUnreadable?.();
        continue;
      }
      const entries = unpackJournal(
        packed,
        forReplay ? readForReplay : outcome === void 0 ? void 0 : (o) => o === outcome
      );
      for (let i = entries.length - 1; i >= 0; i--) {
        out.push(entries[i]);
        if (out.length >= limit) return out;
      }
    }
    return out;
  } finally {
    reader.close();
  }
}
var journalFolderOf = (file) => `${file}.journal`;

// src/adapters/sqlite/schema.ts
var ROWS_PER_PACK = 512;
var MIGRATIONS = [
  `
  CREATE TABLE member_state (
    member_id TEXT PRIMARY KEY,
    state_json TEXT NOT NULL,
    updated_ms INTEGER NOT NULL
  );
  CREATE TABLE place_history (
    id INTEGER PRIMARY KEY,
    member_id TEXT NOT NULL,
    from_place TEXT NOT NULL,
    to_place TEXT NOT NULL,
    at_ms INTEGER NOT NULL
  );
  CREATE INDEX place_history_member ON place_history (member_id, id);
  CREATE TABLE inbound_journal (
    id INTEGER PRIMARY KEY,
    received_ms INTEGER NOT NULL,
    topic TEXT NOT NULL,
    payload BLOB NOT NULL,
    outcome TEXT NOT NULL,
    problem_code TEXT,
    detail TEXT
  );
  CREATE TABLE device_credential (
    device_id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_ms INTEGER NOT NULL
  );
  `,
  `
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // The journal as one packed row per group commit (journal-pack.ts) instead of a row per message.
  (db) => {
    db.exec(`
      CREATE TABLE journal_batch (
        id INTEGER PRIMARY KEY,
        entries INTEGER NOT NULL,
        packed BLOB NOT NULL
      );
    `);
    const insert = db.prepare("INSERT INTO journal_batch (entries, packed) VALUES (?, ?)");
    const page = db.prepare("SELECT * FROM inbound_journal WHERE id > ? ORDER BY id LIMIT ?");
    let after = 0;
    for (; ; ) {
      const rows = page.all(after, ROWS_PER_PACK);
      if (rows.length === 0) break;
      after = rows.at(-1).id;
      insert.run(rows.length, packJournal(rows.map(entryOf)));
    }
    db.exec("DROP TABLE inbound_journal");
  },
  // What rarely changes but can be large is kept apart from the hand and the devices' evidence, which
  // every commit rewrites (member-rows.ts): the card (a face is up to 128 KB) and learned regions.
  // The place history loses its member index: it cost more per move than the row itself, and the
  // history is bounded, so a per-member query scans newest first instead (sqlite-store.ts).
  `
  CREATE TABLE member_profile (
    member_id TEXT PRIMARY KEY,
    profile_json TEXT NOT NULL
  );
  CREATE TABLE member_region (
    member_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    region_json TEXT NOT NULL,
    PRIMARY KEY (member_id, seq)
  ) WITHOUT ROWID;
  DROP INDEX place_history_member;
  `,
  // A big journal batch moves out of its row into a segment file beside the database
  // (journal-segments.ts): its row keeps its size and where it is, and an empty `packed`. Columns are
  // added rather than the table rebuilt: a rebuild (and its RENAME) left ~100 KB of SQLite's freed
  // memory in the process for every database created, 20 MB for a host's 200 new families.
  `
  ALTER TABLE journal_batch ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE journal_batch ADD COLUMN segment INTEGER;
  ALTER TABLE journal_batch ADD COLUMN at INTEGER;
  ALTER TABLE journal_batch ADD COLUMN crc INTEGER;
  UPDATE journal_batch SET bytes = length(packed);
  `,
  // How many of a batch's entries a replay reads (rejected ones, and replays): the setup page's list
  // and a replay pass over the batches that have none unread. NULL, a batch from before, is read.
  `
  ALTER TABLE journal_batch ADD COLUMN replay_entries INTEGER;
  `
];
function entryOf(row) {
  const entry = {
    receivedAtMs: row.received_ms,
    topic: row.topic,
    payload: row.payload,
    outcome: row.outcome
  };
  if (row.problem_code !== null) entry.problemCode = row.problem_code;
  if (row.detail !== null) entry.detail = row.detail;
  return entry;
}

// src/adapters/sqlite/open-database.ts
var databaseFileOf = (dataDir) => import_node_path5.default.join(dataDir, "weasley.db");
var PAGE_CACHE_KIB = { ownProcess: 256, hosted: 64 };
function openDatabase(file, options = {}) {
  try {
    return open(file, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(cannotOpen(file, reason, process.versions.electron), { cause: error });
  }
}
function cannotOpen(file, reason, electron, what = "the database") {
  const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*NODE_MODULE_VERSION (\d+)/.exec(reason);
  if (abi)
    return `cannot open ${what} ${file}: better-sqlite3 was built for another Node.js (NODE_MODULE_VERSION ${abi[1]}; this ${electron ? `Electron ${electron}` : `Node.js ${process.version}`} needs ${abi[2]}): ${electron ? `rebuild it for MagicMirror's Electron, in the module's folder: npx @electron/rebuild -f -w better-sqlite3 -e ../../node_modules/electron (README, "Inside Electron")` : "rebuild it with this Node.js, in the folder it was installed from: npm rebuild better-sqlite3"}`;
  const hint = /malformed|not a database/i.test(reason) ? `: the file is damaged; stop the clock, move ${import_node_path5.default.basename(file)} and its -wal and -shm files aside (or put back a backup) and start it again (history and generated passwords start afresh)` : /EROFS|read-only file ?system/i.test(reason) ? " (the filesystem is mounted read-only: an SD card that is failing often turns itself read-only)" : /disk I\/O|full|no space|read-?only|unable to open|permission/i.test(reason) ? " (is the disk full, or the folder not writable by this user?)" : "";
  return `cannot open ${what} ${file}: ${reason.replace(/\s*\n\s*/g, " ")}${hint}`;
}
function open(file, options) {
  if (file !== ":memory:") (0, import_node_fs6.mkdirSync)(import_node_path5.default.dirname(file), { recursive: true, mode: 448 });
  if (file !== ":memory:") syncJournalLeftBehind(file);
  const db = new import_better_sqlite3.default(file);
  try {
    prepare(db, file, options);
  } catch (error) {
    try {
      db.close();
    } catch {
    }
    throw error;
  }
  return db;
}
function prepare(db, file, options) {
  if (file !== ":memory:") ownerOnly(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.pragma(`cache_size = -${options.cacheKiB ?? PAGE_CACHE_KIB.ownProcess}`);
  const version2 = db.pragma("user_version", { simple: true });
  if (version2 > MIGRATIONS.length)
    throw new Error(
      `it was written by a newer Weasley Clock (schema version ${version2}; this one knows up to ${MIGRATIONS.length}): run the newer version, or move the file aside to start afresh`
    );
  for (let v = version2; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      const step = MIGRATIONS[v] ?? "";
      if (typeof step === "string") db.exec(step);
      else step(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
function ownerOnly(file) {
  for (const each of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      (0, import_node_fs6.chmodSync)(each, 384);
    } catch {
    }
  }
}
function syncJournalLeftBehind(file) {
  if (walHasFrames(file)) syncFiles(allSegmentFiles(journalFolderOf(file)));
}
function walHasFrames(file) {
  try {
    return (0, import_node_fs6.statSync)(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

// src/adapters/sqlite/data-lock.ts
var LOCK_FILE = "clock.lock";
var WAIT_MS = 2e3;
var RETRY_MS = 100;
var heldHere = /* @__PURE__ */ new Set();
async function lockDataFolder(dataDir, waitMs = WAIT_MS) {
  const folder = import_node_path6.default.resolve(dataDir);
  if (heldHere.has(folder)) throw inUse(folder);
  const db = openLockFile(folder);
  const deadline = Date.now() + waitMs;
  for (; ; ) {
    try {
      db.exec("BEGIN EXCLUSIVE");
      break;
    } catch (error) {
      if (error.code !== "SQLITE_BUSY" || Date.now() >= deadline || heldHere.has(folder)) {
        db.close();
        throw error.code === "SQLITE_BUSY" ? inUse(folder) : error;
      }
      await (0, import_promises.setTimeout)(RETRY_MS);
    }
  }
  heldHere.add(folder);
  return () => {
    if (!db.open) return;
    db.close();
    heldHere.delete(folder);
  };
}
async function checkDataFolderFree(dataDir) {
  ;
  (await lockDataFolder(dataDir, 0))();
}
var FolderInUse = class extends Error {
  name = "FolderInUse";
};
function inUse(folder) {
  return new FolderInUse(
    `the data folder ${folder} is in use by another running Weasley Clock: give each clock (each family) a dataDir of its own, or stop the other one`
  );
}
function openLockFile(folder) {
  const file = import_node_path6.default.join(folder, LOCK_FILE);
  try {
    (0, import_node_fs7.mkdirSync)(folder, { recursive: true, mode: 448 });
    try {
      (0, import_node_fs7.accessSync)(file, import_node_fs7.constants.W_OK);
    } catch (error) {
      const code = error.code;
      if (code === "EROFS") throw new Error("EROFS: read-only file system");
      if (code !== "ENOENT") throw new Error("permission denied: not writable by this user");
    }
    const db = new import_better_sqlite32.default(file, { timeout: 0 });
    try {
      if ((0, import_node_fs7.statSync)(file).size === 0) db.pragma("user_version = 1");
    } catch (error) {
      if (error.code !== "SQLITE_BUSY") {
        db.close();
        throw error;
      }
    }
    return db;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(cannotOpen(file, reason, process.versions.electron, "the data folder's lock file"), {
      cause: error
    });
  }
}
function checkDatabaseClosedElsewhere(file) {
  let probe;
  try {
    syncJournalLeftBehind(file);
    probe = new import_better_sqlite32.default(file, { fileMustExist: true, timeout: 0 });
    probe.pragma("locking_mode = EXCLUSIVE");
    probe.exec("BEGIN EXCLUSIVE; COMMIT");
  } catch (error) {
    if (String(error.code).startsWith("SQLITE_BUSY"))
      throw new DatabaseInUse(
        `${import_node_path6.default.resolve(file)} is open in another process (a running \`weasley-clock host\`, or another command)`
      );
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(cannotOpen(file, reason, process.versions.electron), { cause: error });
  } finally {
    probe?.close();
  }
}
var DatabaseInUse = class extends Error {
  name = "DatabaseInUse";
};

// src/core/whereabouts/whereabouts.ts
var whereaboutsLabel = (w) => w.kind === "at-place" ? w.place : w.kind === "traveling" ? "Traveling" : "Lost";
var sameWhereabouts = (a, b) => a.kind === b.kind && (a.kind !== "at-place" || b.kind === "at-place" && a.place === b.place);

// src/adapters/sqlite/checkpointer.ts
var import_node_url = require("node:url");
var import_node_worker_threads = require("node:worker_threads");
var import_meta = {};
var CHECKPOINT_EVERY_PAGES = 1e3;
var FALLBACK_AUTOCHECKPOINT_PAGES = 4 * CHECKPOINT_EVERY_PAGES;
var WORKER_SOURCE = `
const { closeSync, fdatasyncSync, fsyncSync, openSync } = require('node:fs')
const { createRequire } = require('node:module')
const { parentPort, workerData } = require('node:worker_threads')
const Database = createRequire(workerData.from)('better-sqlite3')
parentPort.on('message', (request) => {
  const { op, id } = request
  if (op === 'stop') return parentPort.close()
  let db
  try {
    // Files the rows about to be checkpointed point into go to the disk first; one already deleted
    // (pruned meanwhile) needs nothing.
    for (const file of request.sync) {
      let fd
      try {
        fd = openSync(file, 'r')
      } catch (error) {
        if (error.code === 'ENOENT') continue
        throw error
      }
      try {
        if (file.endsWith('.seg')) fdatasyncSync(fd)
        else fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
    }
    db = new Database(request.file, { fileMustExist: true })
    db.pragma('cache_size = -64')
    db.pragma('synchronous = NORMAL')
    parentPort.postMessage({ op: 'checkpointed', id, ...db.pragma('wal_checkpoint(PASSIVE)')[0] })
  } catch (error) {
    parentPort.postMessage({ op: 'failed', id, message: String((error && error.message) || error) })
  } finally {
    if (db) db.close()
  }
})
`;
var WORKER_IDLE_MS = 3e4;
var here = () => typeof __filename === "string" ? __filename : (0, import_node_url.fileURLToPath)(import_meta.url);
var users = /* @__PURE__ */ new Map();
var nextId = 1;
var current;
var idleTimer;
var keepRunning = false;
function startWorker() {
  const thread = new import_node_worker_threads.Worker(WORKER_SOURCE, { eval: true, workerData: { from: here() } });
  thread.unref();
  const running = { thread, outstanding: 0 };
  thread.on("message", (reply) => {
    running.outstanding--;
    users.get(reply.id)?.onReply(reply);
    if (running.outstanding === 0 && current === running && !keepRunning) {
      idleTimer = setTimeout(stopWorker, WORKER_IDLE_MS);
      idleTimer.unref();
    }
  });
  thread.on("error", (error) => {
    if (current === running) stopWorker();
    for (const [id, user] of users)
      if (user.running)
        user.onReply({ op: "failed", id, message: `checkpoint worker stopped: ${error.message}` });
  });
  return running;
}
function stopWorker() {
  clearTimeout(idleTimer);
  if (!current) return;
  current.thread.postMessage({ op: "stop" });
  current = void 0;
}
function send(request) {
  clearTimeout(idleTimer);
  current ??= startWorker();
  if (request.op === "checkpoint") current.outstanding++;
  current.thread.postMessage(request);
}
function checkpointInBackground(db, file, options = {}) {
  const id = nextId++;
  const pageSize = db.pragma("page_size", { simple: true });
  db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  let pages = 0;
  let failing = false;
  let closed = false;
  const user = {
    running: false,
    onReply(reply) {
      user.running = false;
      const handed = handedOut;
      handedOut = [];
      if (reply.op === "failed") {
        for (const f of handed) notSynced.add(f);
        if (!failing) options.onError?.(`background checkpoint of ${file} failed: ${reply.message}`);
        failing = true;
        return;
      }
      failing = false;
      options.onCheckpoint?.({ walFrames: reply.log, checkpointedFrames: reply.checkpointed });
      if (pages >= CHECKPOINT_EVERY_PAGES) request();
    }
  };
  const notSynced = /* @__PURE__ */ new Set();
  let handedOut = [];
  const request = () => {
    if (closed) return;
    for (const f of options.alsoSync?.() ?? []) notSynced.add(f);
    const sync = [...notSynced];
    try {
      send({ op: "checkpoint", id, file, sync });
    } catch (error) {
      pages = 0;
      if (!failing) options.onError?.(`background checkpoint of ${file} could not start: ${String(error)}`);
      failing = true;
      return;
    }
    notSynced.clear();
    handedOut = sync;
    user.running = true;
    pages = 0;
  };
  users.set(id, user);
  return {
    unsynced: () => [.../* @__PURE__ */ new Set([...notSynced, ...handedOut])],
    committed(bytes) {
      pages += 2 + Math.ceil(bytes / pageSize);
      if (!user.running && pages >= CHECKPOINT_EVERY_PAGES) request();
    },
    close() {
      if (closed) return;
      closed = true;
      users.delete(id);
      if (users.size === 0) {
        keepRunning = false;
        stopWorker();
      }
    }
  };
}

// src/adapters/sqlite/member-rows.ts
var NO_REGIONS = [];
function createMemberRows(db) {
  const upsertHand = db.prepare(
    "INSERT INTO member_state (member_id, state_json, updated_ms) VALUES (?, ?, ?) ON CONFLICT (member_id) DO UPDATE SET state_json = excluded.state_json, updated_ms = excluded.updated_ms"
  );
  const upsertProfile = db.prepare(
    "INSERT INTO member_profile (member_id, profile_json) VALUES (?, ?) ON CONFLICT (member_id) DO UPDATE SET profile_json = excluded.profile_json"
  );
  const insertRegion = db.prepare("INSERT INTO member_region (member_id, seq, region_json) VALUES (?, ?, ?)");
  const deleteRegion = db.prepare("DELETE FROM member_region WHERE member_id = ? AND seq = ?");
  const deleteRegionsUpTo = db.prepare("DELETE FROM member_region WHERE member_id = ? AND seq <= ?");
  const written = /* @__PURE__ */ new Map();
  let nextSeq = db.prepare("SELECT max(seq) FROM member_region").pluck().get() ?? 0;
  const writeRegions = (memberId, regions, before) => {
    const old = before?.regions ?? NO_REGIONS;
    const oldSeqs = before?.seqs ?? [];
    let dropped = regions.length === 0 ? old.length : old.indexOf(regions[0]);
    for (let i = dropped; dropped >= 0 && i < old.length; i++)
      if (regions[i - dropped] !== old[i]) dropped = -1;
    const seqs = [];
    if (dropped >= 0) {
      if (dropped > 0) deleteRegionsUpTo.run(memberId, oldSeqs[dropped - 1]);
      for (let i = dropped; i < old.length; i++) seqs.push(oldSeqs[i]);
    } else {
      const wanted = new Set(regions);
      for (let i = 0; i < old.length; i++) {
        if (wanted.has(old[i]) && regions[seqs.length] === old[i])
          seqs.push(oldSeqs[i]);
        else deleteRegion.run(memberId, oldSeqs[i]);
      }
    }
    for (let i = seqs.length; i < regions.length; i++) {
      const seq = ++nextSeq;
      insertRegion.run(memberId, seq, JSON.stringify(regions[i]));
      seqs.push(seq);
    }
    return seqs;
  };
  return {
    load() {
      const rows = db.prepare(
        "SELECT member_id, state_json, profile_json FROM member_state LEFT JOIN member_profile USING (member_id)"
      ).all();
      if (rows.length === 0) return null;
      const regionRows = db.prepare("SELECT member_id, seq, region_json FROM member_region ORDER BY seq").all();
      const regionsOf = /* @__PURE__ */ new Map();
      for (const row of regionRows) {
        let entry = regionsOf.get(row.member_id);
        if (!entry) {
          entry = { regions: [], seqs: [] };
          regionsOf.set(row.member_id, entry);
        }
        const region = JSON.parse(row.region_json);
        entry.regions.push(region);
        entry.seqs.push(row.seq);
      }
      const members = {};
      for (const row of rows) {
        const member = JSON.parse(row.state_json);
        if (row.profile_json !== null) {
          const profile = JSON.parse(row.profile_json);
          if (profile.displayName !== void 0) member.displayName = profile.displayName;
          if (profile.face !== void 0) member.face = profile.face;
          const stored = regionsOf.get(row.member_id);
          if (stored) member.learnedRegions = stored.regions;
          written.set(row.member_id, {
            displayName: member.displayName,
            face: member.face,
            regions: member.learnedRegions ?? NO_REGIONS,
            seqs: stored?.seqs ?? []
          });
        }
        members[member.memberId] = member;
      }
      return members;
    },
    write(members, nowMs) {
      const updates = [];
      for (const member of members) {
        const { displayName, face, learnedRegions, ...hand } = member;
        upsertHand.run(member.memberId, JSON.stringify(hand), nowMs);
        const before = written.get(member.memberId);
        const regions = learnedRegions ?? NO_REGIONS;
        const profileChanged = before?.displayName !== displayName || before?.face !== face || !before;
        const regionsChanged = before?.regions !== regions;
        if (!profileChanged && !regionsChanged) continue;
        const profile = {};
        if (displayName !== void 0) profile.displayName = displayName;
        if (face !== void 0) profile.face = face;
        if (profileChanged) upsertProfile.run(member.memberId, JSON.stringify(profile));
        const seqs = regionsChanged ? writeRegions(member.memberId, regions, before) : before?.seqs ?? [];
        updates.push([member.memberId, { displayName, face, regions, seqs }]);
      }
      return () => {
        for (const [memberId, w] of updates) written.set(memberId, w);
      };
    }
  };
}

// src/adapters/sqlite/sqlite-store.ts
var MOVE_BLOCK = 32;
function createSqliteStore(db, options = {}) {
  const journalLimit = options.journalLimit ?? 2e4;
  const journalBytesLimit = options.journalBytesLimit ?? 64 * 1024 * 1024;
  const historyLimit = options.historyLimit ?? 1e5;
  const members = createMemberRows(db);
  const checkpointer = options.backgroundCheckpoints !== false && !db.memory ? checkpointInBackground(db, db.name, {
    ...options.onError ? { onError: options.onError } : {},
    alsoSync: () => segments?.unsynced() ?? []
  }) : void 0;
  const insertMoves = [MOVE_BLOCK, 1].map(
    (rows) => db.prepare(
      `INSERT INTO place_history (member_id, from_place, to_place, at_ms) VALUES ${Array(rows).fill("(?, ?, ?, ?)").join(", ")}`
    )
  );
  const pruneHistory = db.prepare("DELETE FROM place_history WHERE id <= ?");
  const renameHistory = db.prepare("UPDATE place_history SET member_id = ? WHERE member_id = ?");
  let keptHistoryAbove = (db.prepare("SELECT min(id) FROM place_history").pluck().get() ?? 1) - 1;
  const insertJournal = db.prepare(
    "INSERT INTO journal_batch (entries, replay_entries, bytes, packed) VALUES (?, ?, ?, ?)"
  );
  const insertJournalPlace = db.prepare(
    "INSERT INTO journal_batch (entries, replay_entries, bytes, packed, segment, at, crc) VALUES (?, ?, ?, X'', ?, ?, ?)"
  );
  const pruneJournal = db.prepare("DELETE FROM journal_batch WHERE id <= ?");
  const findCut = db.prepare(
    "SELECT id, running FROM (SELECT id, sum(entries) OVER (ORDER BY id) AS running FROM journal_batch) WHERE running <= ? ORDER BY id DESC LIMIT 1"
  );
  const findBytesCut = db.prepare(
    "SELECT id, entries, bytes FROM (SELECT id, sum(entries) OVER (ORDER BY id) AS entries, sum(bytes) OVER (ORDER BY id) AS bytes FROM journal_batch) WHERE bytes <= ? ORDER BY id DESC LIMIT 1"
  );
  const firstPlace = db.prepare(
    "SELECT segment, at, bytes, crc FROM journal_batch WHERE segment IS NOT NULL ORDER BY id LIMIT 1"
  );
  const lastPlace = db.prepare(
    "SELECT segment, at, bytes, crc FROM journal_batch WHERE segment IS NOT NULL ORDER BY id DESC LIMIT 1"
  );
  let keptEntries = db.prepare("SELECT total(entries) FROM journal_batch").pluck().get();
  const sumJournalBytes = db.prepare("SELECT total(bytes) FROM journal_batch").pluck();
  let keptBytes = sumJournalBytes.get();
  let segments;
  if (!db.memory) {
    const dir = journalFolderOf(db.name);
    try {
      segments = openJournalSegments(
        dir,
        segmentsKept(
          firstPlace.get(),
          lastPlace.get()
        ),
        options.segments
      );
    } catch (error) {
      checkpointer?.close();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot open the message journal's files in ${dir}: ${reason}`, { cause: error });
    }
  }
  const write2 = db.transaction((batch2) => {
    const nowMs = Date.now();
    const settleMembers = members.write(batch2.members, nowMs);
    for (const { from, to } of batch2.renamed ?? []) renameHistory.run(to, from);
    let historyFloor;
    const moves = batch2.moves;
    for (let at = 0; at < moves.length; ) {
      const rows = moves.length - at >= MOVE_BLOCK ? MOVE_BLOCK : 1;
      const values2 = [];
      for (const move2 of moves.slice(at, at + rows))
        values2.push(move2.memberId, whereaboutsLabel(move2.from), whereaboutsLabel(move2.to), move2.atMs);
      at += rows;
      const statement = rows === MOVE_BLOCK ? insertMoves[0] : insertMoves[1];
      const id = Number(statement.run(values2).lastInsertRowid);
      if (id - (historyFloor ?? keptHistoryAbove) > historyLimit + Math.ceil(historyLimit / 10)) {
        historyFloor = id - historyLimit;
        pruneHistory.run(historyFloor);
      }
    }
    const rowBytes = 64 * (moves.length + batch2.members.length);
    const journal = batch2.journal;
    if (journal.length === 0)
      return {
        settleMembers,
        historyFloor,
        journalEntries: keptEntries,
        journalBytes: keptBytes,
        bytes: rowBytes
      };
    const packed = packJournal(journal);
    let forReplay = 0;
    for (const e of journal) if (readForReplay(e.outcome, e.replayedFromMs !== void 0)) forReplay++;
    let place;
    if (segments && packed.byteLength >= SEGMENT_BATCH_BYTES) {
      place = segments.write(packed);
      insertJournalPlace.run(journal.length, forReplay, place.bytes, place.segment, place.at, place.crc);
    } else insertJournal.run(journal.length, forReplay, packed.byteLength, packed);
    let total = keptEntries + journal.length;
    let totalBytes = keptBytes + packed.byteLength;
    let pruned = false;
    if (total > journalLimit + Math.ceil(journalLimit / 10)) {
      const cut = findCut.get(total - journalLimit);
      if (cut) {
        pruneJournal.run(cut.id);
        total -= cut.running;
        pruned = true;
      }
    }
    const bytesBound = journalBytesLimit + Math.ceil(journalBytesLimit / 10);
    if (totalBytes > bytesBound) totalBytes = sumJournalBytes.get();
    if (totalBytes > bytesBound) {
      const cut = findBytesCut.get(totalBytes - journalBytesLimit);
      if (cut) {
        pruneJournal.run(cut.id);
        total -= cut.entries;
        totalBytes -= cut.bytes;
        pruned = true;
      }
    }
    const dropBefore = pruned ? firstPlace.get()?.segment ?? Infinity : void 0;
    return {
      settleMembers,
      historyFloor,
      journalEntries: total,
      journalBytes: totalBytes,
      place,
      dropBefore,
      bytes: rowBytes + (place ? 0 : packed.byteLength)
    };
  });
  const commit = (batch2) => {
    const written = write2(batch2);
    written.settleMembers();
    if (written.historyFloor !== void 0) keptHistoryAbove = written.historyFloor;
    keptEntries = written.journalEntries;
    keptBytes = written.journalBytes;
    if (written.place) segments?.committed(written.place);
    if (written.dropBefore !== void 0) segments?.dropBefore(written.dropBefore);
    checkpointer?.committed(written.bytes);
  };
  return {
    walWritten: (bytes) => checkpointer?.committed(bytes),
    journalFilesDropped: () => segments?.dropped() ?? Promise.resolve(),
    loadState() {
      const loaded = members.load();
      return loaded ? { members: loaded } : null;
    },
    commit,
    history({ memberId, memberIds, limit }) {
      const rows = memberId !== void 0 ? db.prepare("SELECT * FROM place_history WHERE member_id = ? ORDER BY id DESC LIMIT ?").all(memberId, limit) : memberIds ? db.prepare(
        "SELECT * FROM place_history WHERE member_id IN (SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT ?"
      ).all(JSON.stringify(memberIds), limit) : db.prepare("SELECT * FROM place_history ORDER BY id DESC LIMIT ?").all(limit);
      return rows.map((r) => ({ memberId: r.member_id, from: r.from_place, to: r.to_place, atMs: r.at_ms }));
    },
    journal: (options2) => readJournal(db, options2),
    close() {
      const unsynced = [...checkpointer?.unsynced() ?? [], ...segments?.unsynced() ?? []];
      checkpointer?.close();
      try {
        if (db.open) syncFiles([...new Set(unsynced)]);
      } catch (error) {
        options.onError?.(
          `could not fsync the journal before closing: ${error instanceof Error ? error.message : String(error)}`
        );
      }
      segments?.close();
      if (db.open) db.close();
    }
  };
}
function segmentsKept(first, last) {
  return first && last ? { first: first.segment, last } : void 0;
}
function openSqliteStore(file, options = {}) {
  const { cacheKiB, ...storeOptions } = options;
  const db = openDatabase(file, cacheKiB === void 0 ? {} : { cacheKiB });
  try {
    return { db, store: createSqliteStore(db, storeOptions) };
  } catch (error) {
    db.close();
    throw error;
  }
}

// src/adapters/tls/read-certificate.ts
var import_node_crypto4 = require("node:crypto");
var import_node_net2 = require("node:net");
function certificatesIn(pem) {
  const certificates = pemBlocks(pem).flatMap((block) => {
    try {
      return [new import_node_crypto4.X509Certificate(block).toString()];
    } catch {
      return [];
    }
  });
  return { certificates: certificates.join(""), heldKey: /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem) };
}
function fingerprintsOf(pem) {
  return pemBlocks(pem).flatMap((block) => {
    try {
      return [new import_node_crypto4.X509Certificate(block).fingerprint256];
    } catch {
      return [];
    }
  });
}
var pemBlocks = (pem) => pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
function sanNames(pem) {
  const san = new import_node_crypto4.X509Certificate(pem).subjectAltName ?? "";
  return san.split(", ").map((entry) => canonicalName(entry.replace(/^(DNS|IP Address):/, ""))).filter((n) => n !== "");
}
function canonicalName(name) {
  const lower = name.toLowerCase();
  return (0, import_node_net2.isIP)(lower) === 6 ? new URL(`http://[${lower}]/`).hostname.slice(1, -1) : lower;
}

// src/app/clock-web.ts
var import_node_fs9 = require("node:fs");
var import_node_path9 = __toESM(require("node:path"));

// src/core/problems.ts
var PROBLEM_CODES = [
  "oversize",
  "bad-topic",
  "unknown-device",
  "not-json",
  "not-object",
  "missing-field",
  "wrong-type",
  "invalid-value",
  "unknown-type",
  "encrypted-no-key",
  "decrypt-failed"
];
var SHOWN_LENGTH = 120;
var UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
function clipped(text, length = SHOWN_LENGTH) {
  const shown = text.length > length ? `${text.slice(0, length)}\u2026` : text;
  return shown.replace(UNSHOWABLE, "?");
}
function describeProblem(problem) {
  const p = { ...problem, topic: clipped(problem.topic) };
  if (p.code === "unknown-type") p.type = clipped(p.type);
  if (p.code === "unknown-device") p.deviceId = clipped(p.deviceId);
  switch (p.code) {
    case "oversize":
      return `payload on ${p.topic} is ${p.bytes} bytes, over the ${p.limitBytes}-byte limit`;
    case "bad-topic":
      return `topic ${p.topic} is not an OwnTracks device topic (${p.detail})`;
    case "unknown-device":
      return `device "${p.deviceId}" on ${p.topic} belongs to no configured member`;
    case "not-json":
      return `payload on ${p.topic} is not JSON (${p.detail})`;
    case "not-object":
      return `payload on ${p.topic} is JSON but not an object with a "_type"`;
    case "missing-field":
      return `${p.type} on ${p.topic}: required field "${p.field}" is missing`;
    case "wrong-type":
      return `${p.type} on ${p.topic}: field "${p.field}" should be ${p.expected}`;
    case "invalid-value":
      return `${p.type} on ${p.topic}: field "${p.field}" ${p.detail}`;
    case "unknown-type":
      return `payload on ${p.topic} has unknown _type "${p.type}"`;
    case "encrypted-no-key":
      return `encrypted payload on ${p.topic} but no encryption key is configured for that device`;
    case "decrypt-failed":
      return `encrypted payload on ${p.topic} does not open with the configured key (wrong key, or damaged data)`;
  }
}

// src/adapters/http/security-headers.ts
var SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'"
};

// src/adapters/http/admin-routes.ts
var MAX_REJECTED_SHOWN = 200;
var MAX_BODY_BYTES = 4096;
var CA_FINGERPRINT_HEADER = "x-certificate-sha256";
function createAdminRoutes(api, checkToken, reply) {
  return async (req, res, url) => {
    if (url.pathname === "/ca.crt") {
      const ca = api.caCert();
      if (!ca)
        reply(res, 404, {
          error: "no CA certificate to install: the broker's certificate is from a public CA, or from files you gave it"
        });
      else {
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          "cache-control": "no-cache",
          "content-type": "application/x-x509-ca-cert",
          "content-disposition": 'attachment; filename="weasley-clock-ca.crt"',
          // For the setup page to show (its HEAD asks): what the phone's certificate details must say.
          [CA_FINGERPRINT_HEADER]: fingerprintsOf(ca.toString()).join(", ")
        });
        res.end(ca);
      }
      return true;
    }
    if (!url.pathname.startsWith("/api/admin/")) return false;
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    if (!await checkToken(token)) {
      reply(res, 401, { error: "admin token missing or wrong" });
      return true;
    }
    const action = url.pathname.slice("/api/admin/".length);
    if (req.method === "GET" && action === "members") {
      reply(res, 200, api.members());
      return true;
    }
    if (req.method === "GET" && action === "rejected") {
      const asked = Number(url.searchParams.get("count") ?? 20);
      const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, MAX_REJECTED_SHOWN) : 20;
      reply(res, 200, api.rejected(limit));
      return true;
    }
    if (req.method !== "POST") {
      const readable = action === "members" || action === "rejected";
      reply(res, 405, { error: "method not allowed" }, { allow: readable ? "GET, POST" : "POST" });
      return true;
    }
    const body = await readJson(req);
    if (body === void 0) {
      reply(res, 400, { error: `the request body must be a JSON object of at most ${MAX_BODY_BYTES} bytes` });
      return true;
    }
    const member = typeof body.member === "string" ? body.member : void 0;
    switch (action) {
      case "provision":
        if (!member) return missing(res, "member");
        reply(
          res,
          200,
          await api.provision(member, typeof body.device === "string" ? body.device : void 0)
        );
        return true;
      case "push-places":
        reply(res, 200, await api.pushPlaces(member));
        return true;
      case "report-location":
        if (!member) return missing(res, "member");
        reply(res, 200, await api.requestLocation(member));
        return true;
      case "replay": {
        const filter = replayFilterOf(body);
        if (typeof filter === "string") reply(res, 400, { error: filter });
        else reply(res, 200, await api.replay(filter));
        return true;
      }
      default:
        reply(res, 404, { error: `no admin action "${action.slice(0, 40)}"` });
        return true;
    }
  };
  function missing(res, field) {
    reply(res, 400, { error: `"${field}" is required` });
    return true;
  }
}
function replayFilterOf(body) {
  const filter = {};
  const { code, since } = body;
  if (code !== void 0) {
    if (!PROBLEM_CODES.includes(code))
      return `"code" must be one of ${PROBLEM_CODES.join(", ")}`;
    filter.code = code;
  }
  if (since !== void 0) {
    const ms = typeof since === "number" ? since : typeof since === "string" ? Date.parse(since) : Number.NaN;
    if (!Number.isFinite(ms)) return '"since" must be a time, such as 2026-12-01T18:00:00Z';
    filter.sinceMs = ms;
  }
  return filter;
}
async function readJson(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return void 0;
    chunks.push(chunk);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : void 0;
  } catch {
    return void 0;
  }
}

// src/adapters/http/http-server.ts
var import_promises2 = require("node:fs/promises");
var import_node_http = require("node:http");
var import_node_os = require("node:os");
var import_node_path8 = __toESM(require("node:path"));

// src/adapters/log/printable.ts
var printable = (s) => clipped(s, 80);

// src/adapters/http/byte-range.ts
function byteRangeOf(header, size) {
  if (header === void 0) return void 0;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || m[1] === "" && m[2] === "") return void 0;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return "unsatisfiable";
    return size === 0 ? "unsatisfiable" : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== "" && Number(m[2]) < start) return void 0;
  return start >= size ? "unsatisfiable" : { start, end };
}

// src/adapters/http/event-hub.ts
var HEARTBEAT_MS = 25e3;
var MAX_BACKLOG_BYTES = 256 * 1024;
var MAX_STREAMS = 256;
var MAX_STREAMS_PER_ADDRESS = 8;
var MAX_STREAMS_THROUGH_A_PROXY = 64;
var PROXIED = "(through a proxy)";
function streamOwners(req) {
  const peer = req.socket.remoteAddress ?? "";
  const forwarded = req.headers["x-forwarded-for"];
  const last = typeof forwarded === "string" ? forwarded.split(",").at(-1)?.trim() : void 0;
  if (!last || !isLoopbackAddress(peer)) return [peerKey(peer, req.socket.localAddress)];
  return [addressKey(last), PROXIED];
}
function createEventHub(pageVersion) {
  const clients = /* @__PURE__ */ new Map();
  const streamsFrom = /* @__PURE__ */ new Map();
  let heartbeat;
  const drop = (res) => {
    const owners = clients.get(res);
    if (owners === void 0) return;
    clients.delete(res);
    for (const from of owners) {
      const left = (streamsFrom.get(from) ?? 1) - 1;
      if (left <= 0) streamsFrom.delete(from);
      else streamsFrom.set(from, left);
    }
  };
  const send2 = (res, chunk) => {
    if (res.writableLength > MAX_BACKLOG_BYTES) {
      drop(res);
      res.destroy();
      return;
    }
    res.write(chunk);
  };
  const ensureHeartbeat = () => {
    if (heartbeat || clients.size === 0) return;
    heartbeat = setInterval(() => {
      const ping = `event: ping
data: ${Date.now()}

`;
      for (const res of clients.keys()) send2(res, ping);
      if (clients.size === 0 && heartbeat) {
        clearInterval(heartbeat);
        heartbeat = void 0;
      }
    }, HEARTBEAT_MS);
    heartbeat.unref();
  };
  return {
    attach(req, res, view) {
      const head = {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        // nginx buffers proxied answers, event streams too, and would hold views back until its buffer
        // fills; this header turns that off for this answer alone, with no change to nginx's config.
        "x-accel-buffering": "no",
        "x-content-type-options": "nosniff"
      };
      if (req.method === "HEAD") {
        res.writeHead(200, head).end();
        return;
      }
      const refuse = (status, reason) => {
        res.writeHead(status, { ...head, "content-type": "text/plain; charset=utf-8", "retry-after": "30" });
        res.end(reason);
      };
      const owners = streamOwners(req);
      const [from] = owners;
      if ((streamsFrom.get(from) ?? 0) >= MAX_STREAMS_PER_ADDRESS)
        return refuse(429, `at most ${MAX_STREAMS_PER_ADDRESS} live clocks at once from one address`);
      if (owners.length > 1 && (streamsFrom.get(PROXIED) ?? 0) >= MAX_STREAMS_THROUGH_A_PROXY)
        return refuse(429, `at most ${MAX_STREAMS_THROUGH_A_PROXY} live clocks at once through a proxy`);
      if (clients.size >= MAX_STREAMS) return refuse(503, `at most ${MAX_STREAMS} live clocks at once`);
      res.writeHead(200, { ...head, connection: "keep-alive" });
      res.socket?.setNoDelay(true);
      res.write(`retry: 2000

`);
      if (pageVersion !== void 0) res.write(`event: version
data: ${pageVersion}

`);
      clients.set(res, owners);
      for (const owner of owners) streamsFrom.set(owner, (streamsFrom.get(owner) ?? 0) + 1);
      send2(res, frame(view));
      req.on("close", () => drop(res));
      ensureHeartbeat();
    },
    broadcast(view) {
      if (clients.size === 0) return;
      const chunk = frame(view);
      for (const res of clients.keys()) send2(res, chunk);
    },
    closeAll() {
      for (const res of clients.keys()) res.end();
      clients.clear();
      streamsFrom.clear();
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = void 0;
    },
    size: () => clients.size
  };
}
var frame = (view) => `event: state
data: ${JSON.stringify(view)}

`;

// src/adapters/http/host-check.ts
var LOCAL_SUFFIXES = [
  ".localhost",
  ".local",
  ".lan",
  ".home",
  ".home.arpa",
  ".internal",
  ".localdomain",
  ".corp",
  // FRITZ!Box routers name their network's machines so. ".box" is a public TLD: this holds while AVM
  // holds fritz.box (someone else registered it in 2024 until AVM won it back).
  ".fritz.box"
];
var IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
function hostName(header) {
  const name = header.startsWith("[") ? header.slice(0, header.indexOf("]") + 1) : header.split(":")[0];
  return (name ?? "").toLowerCase().replace(/\.$/, "");
}
function createHostCheck(allowed) {
  const names = new Set(allowed.map((a) => a.toLowerCase().replace(/\.$/, "")));
  const anything = names.has("*");
  const domains = [...names].filter((n) => n.startsWith("."));
  return (hostHeader) => {
    if (hostHeader === void 0 || anything) return true;
    const name = hostName(hostHeader);
    if (name === "") return false;
    if (name.startsWith("[") || IPV4.test(name)) return true;
    if (name === "localhost" || !name.includes(".")) return true;
    if (LOCAL_SUFFIXES.some((suffix) => name.endsWith(suffix))) return true;
    if (names.has(name)) return true;
    return domains.some((d) => name.endsWith(d) || name === d.slice(1));
  };
}

// src/adapters/http/web-assets.ts
var import_node_crypto5 = require("node:crypto");
var import_node_fs8 = require("node:fs");
var import_node_path7 = __toESM(require("node:path"));
var VERSION_META = "weasley-version";
var hashOf = (bytes) => (0, import_node_crypto5.createHash)("sha256").update(bytes).digest("hex").slice(0, 16);
function loadWebAssets(webRoot) {
  const read = /* @__PURE__ */ new Map();
  for (const name of filesIn(webRoot)) {
    if (!/^[\w.-]+$/.test(name) || name.startsWith(".")) continue;
    try {
      const file = import_node_path7.default.join(webRoot, name);
      if ((0, import_node_fs8.statSync)(file).isFile()) read.set(name, (0, import_node_fs8.readFileSync)(file));
    } catch {
    }
  }
  const files = /* @__PURE__ */ new Map();
  for (const [name, body] of read) if (!name.endsWith(".html")) files.set(name, { body, hash: hashOf(body) });
  let version2;
  for (const [name, body] of read) {
    if (!name.endsWith(".html")) continue;
    const page = versionAssets(body.toString("utf8"), files);
    if (name !== "index.html") {
      files.set(name, { body: Buffer.from(page) });
      continue;
    }
    version2 = hashOf(page);
    const meta = new RegExp(`(<meta name="${VERSION_META}" content=")[^"]*"`);
    files.set(name, { body: Buffer.from(page.replace(meta, `$1${version2}"`)) });
  }
  return { version: version2, file: (name) => files.get(name) };
}
function filesIn(dir) {
  try {
    return (0, import_node_fs8.readdirSync)(dir);
  } catch {
    return [];
  }
}
function versionAssets(html, files) {
  return html.replace(/\b(src|href)="([\w.-]+)"/g, (whole, attribute, name) => {
    const hash = files.get(name)?.hash;
    return hash === void 0 ? whole : `${attribute}="${name}?v=${hash}"`;
  });
}

// src/adapters/http/http-server.ts
var CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
  ".ogg": "audio/ogg"
};
var SOUND_NAME = /^\/sounds\/([\w-][\w.-]*\.(?:wav|mp3|ogg))$/;
var NO_FRAMING = {
  "content-security-policy": `${SECURITY_HEADERS["content-security-policy"]}; frame-ancestors 'none'`,
  "x-frame-options": "DENY"
};
var MAX_CONNECTIONS_PER_ADDRESS = 64;
var MAX_CONNECTIONS_FROM_THIS_MACHINE = MAX_STREAMS + 64;
var MAX_CONNECTIONS = MAX_STREAMS + 256;
var HEADERS_TIMEOUT_MS = 2e4;
async function startHttpServer(options) {
  const { api } = options;
  const assets = loadWebAssets(options.webRoot);
  const hub = createEventHub(assets.version);
  const hostAllowed = createHostCheck([...options.allowedHosts ?? [], (0, import_node_os.hostname)()]);
  const refusedHosts = /* @__PURE__ */ new Set();
  const server = (0, import_node_http.createServer)((req, res) => {
    route(req, res).catch((error) => {
      const known = error instanceof Error && error.name === "ProvisionError";
      if (!known)
        options.logger?.log(
          "error",
          `web server: ${req.method} ${(req.url ?? "").split("?")[0]} failed: ${error instanceof Error ? error.message : String(error)}`
        );
      if (res.headersSent) res.destroy();
      else sendJson(res, known ? 400 : 500, { error: known ? error.message : "internal error" });
    });
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  const connections = /* @__PURE__ */ new Map();
  let refusedSaid = false;
  server.on("connection", (socket) => {
    const key = addressKey(socket.remoteAddress ?? "");
    const count = (connections.get(key) ?? 0) + 1;
    const cap = isLoopbackAddress(socket.remoteAddress ?? "") ? MAX_CONNECTIONS_FROM_THIS_MACHINE : MAX_CONNECTIONS_PER_ADDRESS;
    if (count > cap) {
      if (!refusedSaid)
        options.logger?.log("warn", `web server: ${key} holds ${cap} connections; closing any more it opens`);
      refusedSaid = true;
      return void socket.destroy();
    }
    connections.set(key, count);
    socket.once("close", () => {
      const left = (connections.get(key) ?? 1) - 1;
      if (left > 0) connections.set(key, left);
      else connections.delete(key);
    });
  });
  async function route(req, res) {
    if (!hostAllowed(req.headers.host)) return refuseHost(req.headers.host ?? "", res);
    if (req.method === "OPTIONS" && req.url === "*") {
      res.writeHead(204, { ...SECURITY_HEADERS, allow: "GET, HEAD, POST" });
      return void res.end();
    }
    const url = requestUrl(req.url);
    if (!url) return sendJson(res, 400, { error: "malformed request target" });
    if (options.admin && await options.admin(req, res, url)) return;
    if (req.method !== "GET" && req.method !== "HEAD")
      return sendJson(res, 405, { error: "method not allowed" }, { allow: "GET, HEAD" });
    switch (url.pathname) {
      case "/api/state":
        return sendJson(res, 200, api.view());
      case "/api/events":
        return hub.attach(req, res, api.view());
      case "/api/stats":
        return sendJson(res, 200, { ...api.stats(), liveWebClients: hub.size() });
      case "/api/history": {
        const asked = Math.trunc(Number(url.searchParams.get("limit") ?? 100));
        const limit = Math.min(1e3, Math.max(1, asked || 100));
        return sendJson(res, 200, api.history(url.searchParams.get("member") ?? void 0, limit));
      }
      case "/healthz": {
        const health = api.health();
        return sendJson(res, health.ok ? 200 : 503, health);
      }
      case "/setup":
        return serveStatic("/setup.html", url, res);
      case "/api/face":
        return serveFace(url.searchParams.get("member") ?? "", res);
      default: {
        const sound = SOUND_NAME.exec(url.pathname)?.[1];
        if (sound !== void 0 && options.soundsDir) return serveSound(options.soundsDir, sound, req, res);
        return serveStatic(url.pathname, url, res);
      }
    }
  }
  function refuseHost(header, res) {
    const name = printable(hostName(header));
    if (refusedHosts.size < 100 && !refusedHosts.has(name)) {
      refusedHosts.add(name);
      options.logger?.log(
        "warn",
        `web server: refused requests for host "${name}": if the clock is reached by that name, add it to http.allowedHosts`
      );
    }
    sendJson(res, 421, { error: `this clock does not answer to "${name}": add it to http.allowedHosts` });
  }
  function serveFace(memberId, res) {
    const face = api.face(memberId);
    const image = face === void 0 ? void 0 : Buffer.from(face, "base64");
    const type = image && imageType(image);
    if (!image || !type) {
      sendJson(res, 404, { error: "no face for this member" });
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      "content-type": type,
      "cache-control": "private, max-age=31536000, immutable",
      "content-length": image.length
    });
    res.end(image);
  }
  async function serveSound(dir, name, req, res) {
    const file = import_node_path8.default.join(dir, name);
    let body;
    let tag;
    try {
      const info = await (0, import_promises2.stat)(file);
      tag = `"${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}"`;
      if (req.headers["if-none-match"] === tag) {
        res.writeHead(304, { etag: tag, "cache-control": "no-cache" });
        return void res.end();
      }
      body = await (0, import_promises2.readFile)(file);
    } catch {
      return sendJson(res, 404, { error: "no such sound" });
    }
    const headers = {
      ...SECURITY_HEADERS,
      "content-type": CONTENT_TYPES[import_node_path8.default.extname(name)] ?? "application/octet-stream",
      "cache-control": "no-cache",
      etag: tag,
      "accept-ranges": "bytes"
    };
    const ifRange = req.headers["if-range"];
    const asked = req.method === "GET" && (ifRange === void 0 || ifRange === tag);
    const range = asked ? byteRangeOf(req.headers.range, body.length) : void 0;
    if (range === "unsatisfiable") {
      res.writeHead(416, { ...headers, "content-range": `bytes */${body.length}`, "content-length": 0 });
      return void res.end();
    }
    if (range) {
      res.writeHead(206, {
        ...headers,
        "content-range": `bytes ${range.start}-${range.end}/${body.length}`,
        "content-length": range.end - range.start + 1
      });
      return void res.end(body.subarray(range.start, range.end + 1));
    }
    res.writeHead(200, { ...headers, "content-length": body.length });
    res.end(body);
  }
  function serveStatic(pathname, url, res) {
    const name = pathname === "/" ? "index.html" : pathname.slice(1);
    const file = assets.file(name);
    if (!file) {
      sendJson(res, 404, { error: "not found" });
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      // The setup page may not be framed (clicks through another site); the clock may (a dashboard).
      ...name === "setup.html" ? NO_FRAMING : {},
      "content-type": CONTENT_TYPES[import_node_path8.default.extname(name)] ?? "application/octet-stream",
      // A URL with the file's hash never names other bytes, so it is kept for good. Anything else (the
      // pages, which name those URLs) is asked again each time: a page kept a while after an upgrade
      // would load old scripts into a tablet that then runs them for months.
      "cache-control": file.hash !== void 0 && url.searchParams.get("v") === file.hash ? "public, max-age=31536000, immutable" : "no-cache",
      "content-length": file.body.length
    });
    res.end(file.body);
  }
  await new Promise((resolve2, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve2();
    });
  });
  const port = server.address().port;
  const hostForUrl = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
  return {
    port,
    url: `http://${hostForUrl.includes(":") ? `[${hostForUrl}]` : hostForUrl}:${port}/`,
    version: assets.version,
    output: { show: (view) => hub.broadcast(view) },
    async close() {
      hub.closeAll();
      server.closeAllConnections();
      await new Promise((resolve2) => server.close(() => resolve2()));
    }
  };
}
function imageType(bytes) {
  if (bytes.length > 8 && bytes.readUInt32BE(0) === 2303741511) return "image/png";
  if (bytes.length > 3 && bytes[0] === 255 && bytes[1] === 216 && bytes[2] === 255) return "image/jpeg";
  return void 0;
}
function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(text)
  });
  res.end(text);
}
function requestUrl(target) {
  try {
    if (target === void 0 || target.startsWith("/")) return new URL(`http://localhost${target ?? "/"}`);
    return /^https?:\/\//i.test(target) ? new URL(target) : null;
  } catch {
    return null;
  }
}

// src/adapters/metrics/process-metrics.ts
var import_node_perf_hooks = require("node:perf_hooks");
var WINDOW_MS = 1e4;
var RESOLUTION_MS = 10;
var histogram;
var lastWindow = null;
var delayMs = (ns) => Math.max(0, Math.round(ns / 1e4 - RESOLUTION_MS * 100) / 100);
var mb = (bytes) => Math.round(bytes / 2 ** 20 * 10) / 10;
function ensureMonitoring() {
  if (histogram) return;
  const h = (0, import_node_perf_hooks.monitorEventLoopDelay)({ resolution: RESOLUTION_MS });
  h.enable();
  histogram = h;
  setInterval(() => {
    lastWindow = {
      windowSeconds: WINDOW_MS / 1e3,
      endedAtMs: Date.now(),
      p50Ms: delayMs(h.percentile(50)),
      p99Ms: delayMs(h.percentile(99)),
      maxMs: delayMs(h.max)
    };
    h.reset();
  }, WINDOW_MS).unref();
}
function processMetrics() {
  ensureMonitoring();
  const memory2 = process.memoryUsage();
  return { rssMB: mb(memory2.rss), heapUsedMB: mb(memory2.heapUsed), eventLoopDelay: lastWindow };
}

// src/adapters/provisioning/provision-device.ts
var import_node_os2 = require("node:os");
var import_qrcode = __toESM(require_lib());
var QR_OPTIONS = { errorCorrectionLevel: "M", margin: 4 };
async function provisionDevice(config, db, memberName, options = {}) {
  const wanted = memberName.toLowerCase();
  const member = config.settings.members.find((m) => m.id === wanted || m.name.toLowerCase() === wanted);
  if (!member)
    throw new ProvisionError(
      `no member "${memberName}" (members: ${config.settings.members.map((m) => m.name).join(", ")})`
    );
  const deviceId = (options.device ?? member.deviceIds[0] ?? "").toLowerCase();
  const account = config.devices.find((d) => d.deviceId === deviceId && d.memberId === member.id);
  if (!account)
    throw new ProvisionError(
      `member "${member.name}" has no device "${deviceId}" (devices: ${member.deviceIds.join(", ")})`
    );
  if (config.broker.kind !== "embedded") {
    throw new ProvisionError(
      "provisioning creates accounts on the embedded broker; with an external broker, use that broker\u2019s account on the phone"
    );
  }
  if (account.passwordHash && !account.password) {
    throw new ProvisionError(
      `the config keeps only a hash of ${deviceId}'s password: put "password" there instead, or remove "passwordHash" so the clock manages it`
    );
  }
  const port = options.port ?? config.broker.mqttsPort;
  if (port === 0)
    throw new ProvisionError(
      "the config's broker.mqttsPort is 0 (a free port picked at each start), so there is no port to give the phone: pass the port the clock listens on now with --port, or use the setup page"
    );
  const password = account.password ?? generatePassword();
  const encryptionKey = account.encryptionKey ?? config.encryptionKey;
  const host = options.host ?? config.broker.publicHosts[0] ?? (0, import_node_os2.hostname)();
  const warnings = [];
  if (options.host === void 0 && config.broker.publicHosts.length === 0)
    warnings.push(
      `broker.publicHosts is empty, so the phone is given this machine's name, "${host}": it connects only where the network's DNS knows that name. Put the name or address phones reach the clock by in broker.publicHosts, restart the clock (its certificate then carries it) and set the phone up again.`
    );
  if (isExampleName(host))
    warnings.push(
      `"${host}" is an example name no phone can reach (the example config's placeholder): put the name or address phones reach the clock by in broker.publicHosts, restart the clock (its certificate then carries it) and set the phone up again.`
    );
  if (config.broker.mqttsPort === 0)
    warnings.push(
      `broker.mqttsPort is 0 (a free port picked at each start): port ${port} in this code stops working when the clock restarts. Give broker.mqttsPort a fixed port (8883) and set the phone up again.`
    );
  const otrc = provisioningConfig({
    settings: config.settings,
    memberId: member.id,
    deviceId,
    host,
    port,
    username: options.familyQualifiedUsername ? `${config.settings.family}/${deviceId}` : deviceId,
    password,
    ...encryptionKey === void 0 ? {} : { encryptionKey }
  });
  let link = inlineConfigLink(otrc);
  let svg;
  try {
    svg = await import_qrcode.default.toString(link, { ...QR_OPTIONS, type: "svg" });
  } catch {
    link = inlineConfigLink({ ...otrc, waypoints: [] });
    svg = await import_qrcode.default.toString(link, { ...QR_OPTIONS, type: "svg" });
    const places = Array.isArray(otrc.waypoints) ? otrc.waypoints.length : 0;
    warnings.push(
      `The ${places} places do not fit in a QR code with the rest, so this code leaves them out: the clock sends them to the phone when it connects (the .otrc file holds them too).`
    );
  }
  const rotated = account.password === void 0;
  return {
    memberName: member.name,
    deviceId,
    config: otrc,
    link,
    svg,
    rotated,
    warnings,
    store: () => {
      if (!rotated) return;
      storePassword(db, deviceId, member.id, password);
      forgetNewPassword(config.dataDir, deviceId);
    }
  };
}
var ProvisionError = class extends Error {
  name = "ProvisionError";
};

// src/app/places-held.ts
var heldKey = (deviceId) => `places-held:${deviceId}`;
function forgetPlacesHeld(meta, deviceId) {
  meta.set(heldKey(deviceId), heldRecord([]));
}
function createPlacesHeld(meta, logger, sentBefore) {
  const read = (deviceId) => {
    try {
      return meta.get(heldKey(deviceId)) ?? sentBefore(deviceId);
    } catch (error) {
      logger.log("warn", `could not read which places ${deviceId} holds: ${error.message}`);
      return void 0;
    }
  };
  const note = (deviceId, record) => {
    try {
      meta.set(heldKey(deviceId), record);
    } catch (error) {
      logger.log("warn", `could not note which places ${deviceId} holds: ${error.message}`);
    }
  };
  const by = (deviceId) => heldIn(read(deviceId));
  return {
    by,
    async sending(deviceId, places, send2) {
      const before = heldRecord(by(deviceId));
      const after = heldRecord(places);
      note(deviceId, after);
      const sent = await send2();
      if ((!sent.taken || sent.reach === "none") && read(deviceId) === after) note(deviceId, before);
      return sent;
    }
  };
}

// src/app/phone-commands.ts
function forgetPlacesSent(meta, deviceId) {
  meta.set(sentKey(deviceId), "");
  forgetPlacesHeld(meta, deviceId);
}
var sentKey = (deviceId) => `places-sent:${deviceId}`;
var UnknownMemberError = class extends Error {
  name = "ProvisionError";
};
var REPORT_LOCATION = { _type: "cmd", action: "reportLocation" };
var COMMAND_WAIT_MS = 1e4;
function createPhoneCommands(deps) {
  const { settings, logger } = deps;
  const cmdTopicOf = (deviceId) => `owntracks/${settings.family}/${deps.topicIdOf?.(deviceId) ?? deviceId}/cmd`;
  const publish = async (deviceId, command) => {
    const publisher = deps.publisher();
    if (!publisher) return false;
    try {
      await publisher.publish(cmdTopicOf(deviceId), deps.wrap(deviceId, command), { qos: 1, retain: false });
      return true;
    } catch (error) {
      logger.log(
        "warn",
        `could not send a command to ${deviceId}: ${error instanceof Error ? error.message : String(error)}`
      );
      return false;
    }
  };
  const send2 = async (deviceId, command) => {
    if (!deps.publisher()) return false;
    const sent = publish(deviceId, command);
    let timer;
    const queued = new Promise((resolve2) => {
      timer = setTimeout(() => {
        logger.log(
          "info",
          `a command to ${deviceId} waits for the broker: it goes when the connection is back`
        );
        resolve2(true);
      }, deps.commandWaitMs ?? COMMAND_WAIT_MS);
      timer.unref?.();
    });
    try {
      return await Promise.race([sent, queued]);
    } finally {
      clearTimeout(timer);
    }
  };
  const reachOf = async (deviceId) => {
    try {
      return await deps.publisher()?.reachOf?.(settings.family, deviceId, cmdTopicOf(deviceId));
    } catch (error) {
      logger.log("warn", `could not tell whether ${deviceId} listens: ${error.message}`);
      return void 0;
    }
  };
  const sendReported = async (deviceId, command) => {
    const reach = await reachOf(deviceId);
    const taken = await send2(deviceId, command);
    return reach === void 0 ? { taken } : { taken, reach };
  };
  const report = async (jobs) => {
    const sent = await Promise.all(jobs);
    const counted = { devices: sent.length, taken: sent.filter((s) => s.taken).length };
    if (sent.some((s) => s.reach === void 0)) return counted;
    const reaching = (reach) => sent.filter((s) => s.taken && s.reach === reach).length;
    return { ...counted, listening: reaching("listening"), queued: reaching("session") };
  };
  const devicesOf = (member) => {
    const wanted = member?.toLowerCase();
    const found = settings.members.filter(
      (m) => wanted === void 0 || m.id === wanted || m.name.toLowerCase() === wanted
    );
    if (wanted !== void 0 && found.length === 0) throw new UnknownMemberError(`no member "${member}"`);
    return found.flatMap((m) => m.deviceIds.map((deviceId) => ({ deviceId, memberId: m.id })));
  };
  const sentBefore = (deviceId) => {
    try {
      return deps.meta.get(sentKey(deviceId));
    } catch (error) {
      logger.log("warn", `could not read which places ${deviceId} was sent: ${error.message}`);
      return void 0;
    }
  };
  const noteSent = (deviceId, fingerprint) => {
    try {
      deps.meta.set(sentKey(deviceId), fingerprint);
    } catch (error) {
      logger.log("warn", `could not note which places ${deviceId} was sent: ${error.message}`);
    }
  };
  const held = createPlacesHeld(deps.meta, logger, sentBefore);
  const placesCommand = (deviceId, memberId) => {
    const places = waypointsFor(memberId, settings);
    const waypoints = withRemovals(places, held.by(deviceId));
    return {
      command: setWaypointsOf(waypoints),
      places,
      fingerprint: JSON.stringify(places),
      removing: waypoints.length > places.length,
      empty: waypoints.length === 0
    };
  };
  const pushPlaces = async (deviceId, { command, places, fingerprint }) => {
    const { taken } = await held.sending(deviceId, places, async () => {
      const reach = await reachOf(deviceId);
      const taken2 = await publish(deviceId, command);
      return reach === void 0 ? { taken: taken2 } : { taken: taken2, reach };
    });
    if (taken) noteSent(deviceId, fingerprint);
    return taken;
  };
  const pushPlacesOnListening = async (deviceId, memberId, { resumed }) => {
    const push = placesCommand(deviceId, memberId);
    const { fingerprint, removing, empty } = push;
    if (empty) return false;
    if (resumed && !removing && sentBefore(deviceId) === fingerprint) return false;
    return pushPlaces(deviceId, push);
  };
  const pushPlacesTo = async (member) => {
    const pushes = devicesOf(member).flatMap(({ deviceId, memberId }) => {
      const { command, places, fingerprint, empty } = placesCommand(deviceId, memberId);
      if (empty) return [];
      return [
        held.sending(deviceId, places, () => sendReported(deviceId, command)).then((sent) => {
          if (sent.taken && (sent.reach === "listening" || sent.reach === "session"))
            noteSent(deviceId, fingerprint);
          else noteSent(deviceId, "");
          return sent;
        })
      ];
    });
    return report(pushes);
  };
  return {
    pushPlacesOnListening,
    pushPlacesTo,
    pushPlacesToDevice(deviceId, memberId) {
      const push = placesCommand(deviceId, memberId);
      return push.empty ? Promise.resolve(false) : pushPlaces(deviceId, push);
    },
    requestLocation: (member) => report(devicesOf(member).map((d) => sendReported(d.deviceId, REPORT_LOCATION))),
    async pushChangedPlaces() {
      const noted = (error) => logger.log("warn", `places changed since the last start: ${error.message}`);
      const remember = (key, fingerprint) => {
        try {
          deps.meta.set(key, fingerprint);
        } catch (error) {
          noted(error);
        }
      };
      const pushes = [];
      try {
        for (const member of settings.members) {
          const key = `places:${member.id}`;
          const fingerprint = JSON.stringify(setWaypointsCommand(member.id, settings).waypoints.waypoints);
          const previous = deps.meta.get(key);
          if (previous === fingerprint) continue;
          if (previous === void 0) {
            remember(key, fingerprint);
            continue;
          }
          const taken = member.deviceIds.map((deviceId) => {
            const push = placesCommand(deviceId, member.id);
            return push.empty ? Promise.resolve(true) : pushPlaces(deviceId, push);
          });
          pushes.push(
            Promise.all(taken).then((results) => {
              if (results.every(Boolean)) remember(key, fingerprint);
            })
          );
        }
      } catch (error) {
        noted(error);
      }
      await Promise.all(pushes);
    }
  };
}

// src/app/replay-journal.ts
function waitingForReplay(journal, limit = Number.POSITIVE_INFINITY) {
  const takenAt = /* @__PURE__ */ new Set();
  const taken = /* @__PURE__ */ new Set();
  const waiting = [];
  for (const e of journal) {
    if (waiting.length >= limit) break;
    if (e.replayedFromMs !== void 0) {
      takenAt.add(e.replayedFromMs);
      taken.add(keyOf(e.replayedFromMs, e));
    } else if (e.outcome === "rejected" && !(takenAt.has(e.receivedAtMs) && taken.has(keyOf(e.receivedAtMs, e))))
      waiting.push(e);
  }
  return waiting;
}
var keyOf = (firstReceivedMs, e) => `${firstReceivedMs}|${e.payload.byteLength}|${bytesHash(e.payload)}|${e.topic}`;
function bytesHash(bytes) {
  let hash = 2166136261;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 16777619) >>> 0;
  return hash;
}
var journalForReplay = (store) => store.journal({ limit: Number.MAX_SAFE_INTEGER, forReplay: true });
var CHUNK = 256;
function createJournalReplay(deps) {
  let last = Promise.resolve();
  return (filter) => {
    const run = last.then(() => replay(deps, filter));
    last = run.catch(() => void 0);
    return run;
  };
}
async function replay({ pipeline: pipeline3, store, now }, filter) {
  pipeline3.flush();
  const chosen = waitingForReplay(journalForReplay(store)).filter(
    (e) => (filter.code === void 0 || e.problemCode === filter.code) && (filter.sinceMs === void 0 || e.receivedAtMs >= filter.sinceMs)
  ).reverse();
  const report = {
    replayed: chosen.length,
    accepted: 0,
    ignored: 0,
    stillRejected: {},
    failed: 0,
    moved: []
  };
  if (chosen.length === 0) return report;
  const made = [];
  const movedMembers = /* @__PURE__ */ new Set();
  const unsaved = /* @__PURE__ */ new Set();
  let saved;
  const allSaved = new Promise((resolve2) => {
    saved = resolve2;
  });
  let waiting = chosen.length;
  const done = (index) => (error) => {
    if (error) unsaved.add(index);
    if (--waiting === 0) saved();
  };
  for (let start = 0; start < chosen.length; start += CHUNK) {
    if (start > 0) await new Promise((resolve2) => setImmediate(resolve2));
    for (let i = start; i < Math.min(start + CHUNK, chosen.length); i++) {
      const entry = chosen[i];
      const handled = pipeline3.handleJournaled(
        {
          topic: entry.topic,
          payload: entry.payload,
          receivedAtMs: now(),
          delivery: "replayed",
          replayedFromMs: entry.receivedAtMs
        },
        done(i)
      );
      made[i] = handled?.entry ?? null;
      if (handled?.moved) movedMembers.add(handled.moved.memberId);
    }
  }
  pipeline3.flush();
  await allSaved;
  for (const [index, entry] of made.entries()) {
    if (!entry || unsaved.has(index)) report.failed++;
    else if (entry.outcome === "rejected") {
      const code = entry.problemCode;
      report.stillRejected[code] = (report.stillRejected[code] ?? 0) + 1;
    } else report[entry.outcome]++;
  }
  for (const m of pipeline3.view().members)
    if (movedMembers.has(m.id)) report.moved.push({ member: m.name, place: m.place });
  return report;
}

// src/app/clock-web.ts
async function startClockWeb(deps) {
  const { config, pipeline: pipeline3, store, broker, sharedBroker, commands } = deps;
  const memberIds = config.settings.members.map((m) => m.id);
  return startHttpServer({
    host: config.http.host,
    port: config.http.port,
    webRoot: deps.webRoot,
    // The package's sounds/ folder, beside dist/ (webRoot is dist/web).
    soundsDir: deps.soundsDir ?? import_node_path9.default.join(deps.webRoot, "..", "..", "sounds"),
    logger: deps.logger,
    allowedHosts: [
      ...config.http.allowedHosts,
      ...config.broker.kind === "embedded" ? config.broker.publicHosts : [],
      ...sharedBroker?.publicHost ? [sharedBroker.publicHost] : []
    ],
    admin: createAdminRoutes(
      {
        members: () => config.settings.members.map((m) => ({ id: m.id, name: m.name, devices: m.deviceIds })),
        provision: async (member, device) => {
          const provisioned = await provisionDevice(config, deps.db, member, {
            ...device === void 0 ? {} : { device },
            // The port the broker really listens on (a config may say 0).
            ...broker.kind === "embedded" ? { port: broker.mqttsPort } : {},
            // A hosted family's phones use the shared broker's name (its certificate carries it)
            // and say which family they are.
            ...sharedBroker ? { familyQualifiedUsername: true } : {},
            ...sharedBroker?.publicHost ? { host: sharedBroker.publicHost } : {}
          });
          provisioned.store();
          forgetPlacesSent(deps.meta, provisioned.deviceId);
          return provisioned;
        },
        pushPlaces: (member) => commands.pushPlacesTo(member),
        requestLocation: (member) => commands.requestLocation(member),
        rejected: (limit) => waitingForReplay(journalForReplay(store), limit).map((e) => ({
          atMs: e.receivedAtMs,
          // Wire text: the page shows it as text, yet a phone's topic may be 64 KB.
          topic: clipped(e.topic),
          ...e.problemCode ? { code: e.problemCode } : {},
          ...e.detail ? { detail: clipped(e.detail, 400) } : {}
        })),
        replay: createJournalReplay({ pipeline: pipeline3, store, now: Date.now }),
        caCert: () => {
          const file = deps.caCert();
          return file ? certificatesIn((0, import_node_fs9.readFileSync)(file, "utf8")).certificates || null : null;
        }
      },
      createAdminTokenCheck(deps.db),
      sendJson
    ),
    api: {
      view: () => pipeline3.view(),
      face: (memberId) => pipeline3.state().members[memberId]?.face,
      stats: () => pipeline3.stats(),
      // Only members in the config: someone removed from the clock is not shown by its history either.
      history: (memberId, limit) => memberId === void 0 ? store.history({ memberIds, limit }) : memberIds.includes(memberId) ? store.history({ memberId, limit }) : [],
      health: () => {
        const connection = deps.connection();
        return {
          // Connected but refused the family's subscription (an ACL): up, and hearing nothing.
          ok: connection.connected && connection.lastError === void 0,
          broker: connection,
          uptimeMs: Date.now() - pipeline3.stats().startedAtMs,
          process: processMetrics()
        };
      }
    }
  });
}

// src/adapters/crypto/owntracks-crypto.ts
var import_tweetnacl = __toESM(require_nacl_fast());
var KEY_BYTES2 = import_tweetnacl.default.secretbox.keyLength;
var NONCE_BYTES = import_tweetnacl.default.secretbox.nonceLength;
function keyFromSecret(secret) {
  const key = new Uint8Array(KEY_BYTES2);
  key.set(new TextEncoder().encode(secret).subarray(0, KEY_BYTES2));
  return key;
}
function keysFromSecret(secret) {
  const android = keyFromSecret(secret);
  const ios = new Uint8Array(KEY_BYTES2);
  const { written } = new TextEncoder().encodeInto(secret, ios);
  return written === KEY_BYTES2 || android.every((b, i) => b === ios[i]) ? [android] : [android, ios];
}
function openSealed(dataBase64, key) {
  const raw = Buffer.from(dataBase64, "base64");
  if (raw.length < NONCE_BYTES + import_tweetnacl.default.secretbox.overheadLength) return null;
  return import_tweetnacl.default.secretbox.open(raw.subarray(NONCE_BYTES), raw.subarray(0, NONCE_BYTES), key);
}
function seal(plaintext, key) {
  const nonce = import_tweetnacl.default.randomBytes(NONCE_BYTES);
  const box = import_tweetnacl.default.secretbox(plaintext, nonce, key);
  return Buffer.concat([nonce, box]).toString("base64");
}
function createKeyring(options) {
  const familyKeys = options.family ? keysFromSecret(options.family) : void 0;
  const deviceKeys = new Map(
    [...options.devices ?? []].map(([id, secret]) => [id.toLowerCase(), keysFromSecret(secret)])
  );
  const opened = /* @__PURE__ */ new Map();
  const rememberedKey = (id) => `encryption-key-opened:${id}`;
  const openedBy = (id) => {
    let index = opened.get(id);
    if (index === void 0) {
      try {
        index = Number(options.remember?.get(rememberedKey(id)) ?? 0) || 0;
      } catch {
        index = 0;
      }
      opened.set(id, index);
    }
    return index;
  };
  const sending = /* @__PURE__ */ new Map();
  const rememberedSending = (id) => `encryption-unused:${id}`;
  const sendingOf = (id) => {
    let known = sending.get(id);
    if (known === void 0) {
      let stored;
      try {
        stored = options.remember?.get(rememberedSending(id));
      } catch {
        stored = void 0;
      }
      known = stored === "1" ? "plain" : stored === "0" ? "sealed" : "unknown";
      sending.set(id, known);
    }
    return known;
  };
  const sendsPlain = (id) => sendingOf(id) === "plain";
  const noteSending = (id, how) => {
    const before = sendingOf(id);
    if (before === how || how === "plain" && before === "sealed" && options.sealedForGood) return;
    sending.set(id, how);
    try {
      options.remember?.set(rememberedSending(id), how === "plain" ? "1" : "0");
    } catch {
    }
    if (how === "plain") options.onTurnedPlain?.(id);
  };
  const keysFor = (deviceId) => deviceKeys.get(deviceId.toLowerCase()) ?? familyKeys;
  const keyFor = (deviceId) => {
    const keys = keysFor(deviceId);
    return keys && keys.length > 1 ? keys[openedBy(deviceId.toLowerCase())] : keys?.[0];
  };
  return {
    decrypt(deviceId, data, current2 = true) {
      const keys = keysFor(deviceId);
      if (!keys) return { ok: false, reason: "no-key" };
      const id = deviceId.toLowerCase();
      const first = keys.length > 1 ? openedBy(id) : 0;
      for (const index of first === 0 ? [0, 1] : [first, 0]) {
        const key = keys[index];
        if (!key) continue;
        const plaintext = openSealed(data, key);
        if (!plaintext) continue;
        if (current2) noteSending(id, "sealed");
        if (current2 && keys.length > 1 && first !== index) {
          opened.set(id, index);
          try {
            options.remember?.set(rememberedKey(id), String(index));
          } catch {
          }
        }
        return { ok: true, plaintext };
      }
      return { ok: false, reason: "failed" };
    },
    wrapForDevice(deviceId, message) {
      const json = JSON.stringify(message);
      const key = keyFor(deviceId);
      if (!key || sendsPlain(deviceId.toLowerCase())) return json;
      return JSON.stringify({ _type: "encrypted", data: seal(new TextEncoder().encode(json), key) });
    },
    sentPlain(deviceId) {
      if (keysFor(deviceId)) noteSending(deviceId.toLowerCase(), "plain");
    },
    hasKeys: () => familyKeys !== void 0 || deviceKeys.size > 0
  };
}

// src/adapters/sqlite/meta.ts
function createMeta(db) {
  const select = db.prepare("SELECT value FROM meta WHERE key = ?");
  const upsert = db.prepare(
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
  );
  return {
    get: (key) => select.get(key)?.value,
    set: (key, value) => {
      upsert.run(key, value);
    }
  };
}

// src/core/clock-view.ts
var DEFAULT_COLOR_CYCLE = [
  "#e6194b",
  "#3cb44b",
  "#4363d8",
  "#f58231",
  "#911eb4",
  "#42d4f4",
  "#f032e6",
  "#bfef45",
  "#469990",
  "#fabed4",
  "#dcbeff",
  "#ffd8b1"
];
var fixedDials = /* @__PURE__ */ new WeakMap();
function dialOf(settings, state) {
  if (settings.learnedPlaces !== "dial") {
    let dial = fixedDials.get(settings);
    if (!dial) {
      dial = Object.freeze(buildDial(settings));
      fixedDials.set(settings, dial);
    }
    return dial;
  }
  return buildDial(settings, state);
}
function buildDial(settings, state) {
  const visible = settings.places.filter((p) => !p.hidden);
  const names = visible.filter((p) => !p.memberIds).map((p) => p.name);
  for (const p of visible) if (p.memberIds && !names.includes(p.name)) names.push(p.name);
  if (settings.learnedPlaces === "dial" && state) {
    for (const m of Object.values(state.members)) {
      if (!m.learnedRegions?.length) continue;
      for (const p of withLearnedPlaces(
        placesOf(m.memberId, settings),
        m.learnedRegions,
        m.memberId,
        settings
      )) {
        if (p.learned && !names.includes(p.name)) names.push(p.name);
      }
    }
  }
  return [...names, TRAVELING, LOST];
}
function buildClockView(settings, state, display, connection, nowMs) {
  const colors = display.colorCycle.length > 0 ? display.colorCycle : DEFAULT_COLOR_CYCLE;
  const members = settings.members.map((member, index) => {
    const ms = state.members[member.id];
    const devices = ms ? Object.values(ms.devices) : [];
    const battery = newestBattery(devices);
    const view2 = {
      id: member.id,
      name: ms?.displayName ?? member.name,
      color: member.color ?? colors[index % colors.length] ?? "#888",
      place: ms ? whereaboutsLabel(ms.whereabouts) : LOST,
      kind: ms ? ms.whereabouts.kind : "lost",
      sinceMs: ms?.sinceMs ?? nowMs,
      lastSeenMs: ms?.lastSeenMs ?? null,
      online: devices.length === 0 || devices.some((d) => d.online)
    };
    if (battery !== void 0) view2.batteryPercent = battery;
    if (member.color !== void 0) view2.ownColor = true;
    if (ms?.face) view2.faceVersion = shortHash(ms.face);
    return view2;
  });
  const view = {
    family: settings.family,
    dial: dialOf(settings, state),
    members,
    connection,
    nowMs,
    style: display.clockStyle ?? "clock"
  };
  if (display.radius !== void 0) view.radiusPx = display.radius;
  if (display.hubDisplacement) view.hubDisplacement = display.hubDisplacement;
  if (display.sounds && display.sound) view.chime = { sound: display.sound, volume: display.volume ?? 0.75 };
  return view;
}
function newestBattery(devices) {
  let newest;
  for (const d of devices) {
    if (d.batteryPercent === void 0) continue;
    if (!newest || (d.lastLocationSec ?? 0) > (newest.lastLocationSec ?? 0)) newest = d;
  }
  return newest?.batteryPercent;
}
function shortHash(text) {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

// src/core/result.ts
var ok = (value) => ({ ok: true, value });
var fail = (problem) => ({ ok: false, problem });

// src/core/owntracks/decode-fields.ts
var MILLISECONDS_ABOVE = 1e11;
var POSITIVE_TIME = "must be a positive epoch time";
function isAbsent(value) {
  return value === void 0 || value === null;
}
function toNumber(value) {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "") return Number(value);
  return Number.NaN;
}
function toTimestampSec(value) {
  const seconds = Math.round(value > MILLISECONDS_ABOVE ? value / 1e3 : value);
  return seconds > 0 && seconds <= MILLISECONDS_ABOVE ? seconds : Number.NaN;
}
function isValidLatLon(lat, lon) {
  return Number.isFinite(lat) && Number.isFinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 && !(lat === 0 && lon === 0);
}
function missingField(topic, type, field) {
  return { code: "missing-field", topic, type, field };
}
function wrongType(topic, type, field, expected) {
  return { code: "wrong-type", topic, type, field, expected };
}
function invalidValue(topic, type, field, detail) {
  return { code: "invalid-value", topic, type, field, detail };
}
function numberProblem(raw, field, topic, type, detail) {
  if (isAbsent(raw)) return missingField(topic, type, field);
  if (!Number.isFinite(toNumber(raw))) return wrongType(topic, type, field, "number");
  return invalidValue(topic, type, field, detail);
}
function requiredNumber(msg, field, topic, type) {
  const raw = msg[field];
  if (isAbsent(raw)) return missingField(topic, type, field);
  const value = toNumber(raw);
  return Number.isFinite(value) ? value : wrongType(topic, type, field, "number");
}
function requiredTimestamp(msg, field, topic, type) {
  const value = requiredNumber(msg, field, topic, type);
  return typeof value === "number" ? checkedTimestamp(value, field, topic, type) : value;
}
function optionalTimestamp(msg, field, topic, type) {
  if (isAbsent(msg[field])) return void 0;
  return requiredTimestamp(msg, field, topic, type);
}
function checkedTimestamp(value, field, topic, type) {
  const seconds = toTimestampSec(value);
  return Number.isNaN(seconds) ? invalidValue(topic, type, field, POSITIVE_TIME) : seconds;
}
function requiredString(msg, field, topic, type) {
  const raw = msg[field];
  if (isAbsent(raw)) return missingField(topic, type, field);
  return typeof raw === "string" ? raw : wrongType(topic, type, field, "string");
}
var MAX_DECORATIVE_LENGTH = 64;
function decorativeString(raw) {
  if (typeof raw !== "string" || raw === "") return void 0;
  if (raw.length <= MAX_DECORATIVE_LENGTH) return raw;
  const cut = raw.slice(0, MAX_DECORATIVE_LENGTH);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
function metresOrUndefined(raw) {
  const value = Math.round(toNumber(raw));
  return value >= 0 && Number.isFinite(value) ? value : void 0;
}
function optionalLatLon(msg) {
  const lat = toNumber(msg.lat);
  const lon = toNumber(msg.lon);
  return isValidLatLon(lat, lon) ? { lat, lon } : void 0;
}

// src/core/owntracks/decode-location.ts
var TYPE = "location";
var LAT_RANGE = "must be between -90 and 90";
var LON_RANGE = "must be between -180 and 180";
function decodeLocation(msg, topic, sender) {
  const rawLat = msg.lat;
  const lat = typeof rawLat === "number" ? rawLat : toNumber(rawLat);
  if (!(lat >= -90 && lat <= 90)) return fail(numberProblem(rawLat, "lat", topic, TYPE, LAT_RANGE));
  const rawLon = msg.lon;
  const lon = typeof rawLon === "number" ? rawLon : toNumber(rawLon);
  if (!(lon >= -180 && lon <= 180)) return fail(numberProblem(rawLon, "lon", topic, TYPE, LON_RANGE));
  if (lat === 0 && lon === 0) return fail(invalidValue(topic, TYPE, "lat", 'and "lon" are both 0'));
  const rawTst = msg.tst;
  const timestampSec = toTimestampSec(typeof rawTst === "number" ? rawTst : toNumber(rawTst));
  if (Number.isNaN(timestampSec)) return fail(numberProblem(rawTst, "tst", topic, TYPE, POSITIVE_TIME));
  let fix;
  const rawAcc = msg.acc;
  if (rawAcc === void 0 || rawAcc === null) {
    fix = { lat, lon };
  } else {
    const acc = typeof rawAcc === "number" ? rawAcc : toNumber(rawAcc);
    if (!(acc >= 0 && acc < Number.POSITIVE_INFINITY)) {
      return fail(numberProblem(rawAcc, "acc", topic, TYPE, "must not be negative"));
    }
    fix = { lat, lon, accuracyMeters: Math.round(acc) };
  }
  const event = {
    kind: "location",
    memberId: sender.memberId,
    deviceId: sender.deviceId,
    timestampSec,
    fix
  };
  const rawRegions = msg.inregions;
  if (rawRegions !== void 0 && rawRegions !== null) {
    if (!Array.isArray(rawRegions)) return fail(wrongType(topic, TYPE, "inregions", "array of strings"));
    event.insidePlaceNames = stringsOnly(rawRegions);
  }
  const trigger = msg.t;
  if (isText(trigger)) event.trigger = trigger;
  const batteryPercent = roundedOrNaN(msg.batt);
  if (batteryPercent >= 0 && batteryPercent <= 100) event.batteryPercent = batteryPercent;
  const velocityKmh = roundedOrNaN(msg.vel);
  if (velocityKmh >= 0 && velocityKmh < Number.POSITIVE_INFINITY) event.velocityKmh = velocityKmh;
  const initials2 = msg.tid;
  if (isText(initials2)) event.initials = initials2;
  const upperSsid = msg.SSID;
  const wifiSsid = isText(upperSsid) ? upperSsid : msg.ssid;
  if (isText(wifiSsid)) event.wifiSsid = wifiSsid;
  return ok(event);
}
function isText(value) {
  return typeof value === "string" && value !== "" && value.length <= MAX_DECORATIVE_LENGTH;
}
function roundedOrNaN(value) {
  if (typeof value === "number") return Math.round(value);
  return typeof value === "string" ? Math.round(toNumber(value)) : Number.NaN;
}
function stringsOnly(values2) {
  for (const value of values2) {
    if (typeof value !== "string") return values2.filter((v) => typeof v === "string");
  }
  return values2;
}

// src/core/owntracks/decode-regions.ts
function decodeWaypoint(msg, topic, sender) {
  const region = regionOf(msg, topic, "waypoint");
  if (!isRegion(region)) return fail(region);
  return ok({
    kind: "regions",
    memberId: sender.memberId,
    deviceId: sender.deviceId,
    source: "waypoint",
    regions: [region]
  });
}
function decodeWaypoints(msg, topic, sender) {
  const entries = msg.waypoints;
  if (isAbsent(entries)) return fail(missingField(topic, "waypoints", "waypoints"));
  if (!Array.isArray(entries)) return fail(wrongType(topic, "waypoints", "waypoints", "array of waypoints"));
  const regions = [];
  for (const entry of entries) {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) continue;
    const region = regionOf(entry, topic, "waypoints");
    if (isRegion(region)) regions.push(region);
  }
  return ok({
    kind: "regions",
    memberId: sender.memberId,
    deviceId: sender.deviceId,
    source: "waypoints",
    regions
  });
}
var MAX_REGION_NAME_LENGTH = 200;
function regionOf(msg, topic, type) {
  const name = requiredString(msg, "desc", topic, type);
  if (typeof name !== "string") return name;
  if (name.length > MAX_REGION_NAME_LENGTH)
    return invalidValue(topic, type, "desc", `is longer than ${MAX_REGION_NAME_LENGTH} characters`);
  const createdSec = requiredTimestamp(msg, "tst", topic, type);
  if (typeof createdSec !== "number") return createdSec;
  const region = { name, createdSec };
  const centre = optionalLatLon(msg);
  if (centre !== void 0) {
    region.lat = centre.lat;
    region.lon = centre.lon;
  }
  const radiusMeters = metresOrUndefined(msg.rad);
  if (radiusMeters !== void 0) region.radiusMeters = radiusMeters;
  return region;
}
function isRegion(value) {
  return !("code" in value);
}

// src/core/owntracks/decode-transition.ts
var TYPE2 = "transition";
function decodeTransition(msg, topic, sender) {
  const direction = requiredString(msg, "event", topic, TYPE2);
  if (typeof direction !== "string") return fail(direction);
  if (direction !== "enter" && direction !== "leave") {
    return fail(invalidValue(topic, TYPE2, "event", 'must be "enter" or "leave"'));
  }
  const placeName = requiredString(msg, "desc", topic, TYPE2);
  if (typeof placeName !== "string") return fail(placeName);
  const timestampSec = requiredTimestamp(msg, "tst", topic, TYPE2);
  if (typeof timestampSec !== "number") return fail(timestampSec);
  const event = {
    kind: "transition",
    memberId: sender.memberId,
    deviceId: sender.deviceId,
    timestampSec,
    event: direction,
    placeName
  };
  const position = optionalLatLon(msg);
  if (position !== void 0) {
    const accuracyMeters = metresOrUndefined(msg.acc);
    const fix = accuracyMeters === void 0 ? position : { lat: position.lat, lon: position.lon, accuracyMeters };
    event.fix = fix;
  }
  const trigger = decorativeString(msg.t);
  if (trigger !== void 0) event.trigger = trigger;
  return ok(event);
}

// src/core/owntracks/exact-decimal.ts
var POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);
var EXACT_DIGITS = 15;
function decimalToDouble(head, tail, tailDigits, fraction) {
  const divisor = POWERS_OF_TEN[fraction];
  if (tailDigits === 0) return fraction === 0 ? head : head / divisor;
  const scale = POWERS_OF_TEN[tailDigits];
  const product = head * scale;
  const productError = twoProductError(head, scale, product);
  const hi = product + tail;
  const lo = productError + (tail - (hi - product));
  const q1 = hi / divisor;
  const p1 = q1 * divisor;
  const remainder = hi - p1 - twoProductError(q1, divisor, p1) + lo;
  const q2 = remainder / divisor;
  const rounded = q1 + q2;
  const below = q2 - (rounded - q1);
  bits[0] = rounded;
  const high = words[HIGH];
  const exponentBits = high >>> 20 & 2047;
  if (exponentBits <= 54 || (high & 1048575) === 0 && words[LOW] === 0) return Number.NaN;
  words[HIGH] = exponentBits - 53 << 20;
  words[LOW] = 0;
  const halfUlp = bits[0];
  const margin = rounded * 2 ** -80;
  return Math.abs(Math.abs(below) - halfUlp) <= margin ? Number.NaN : rounded;
}
var bits = new Float64Array(1);
var words = new Uint32Array(bits.buffer);
var HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
var LOW = 1 - HIGH;
function twoProductError(a, b, product) {
  const aScaled = SPLITTER * a;
  const aHi = aScaled - (aScaled - a);
  const aLo = a - aHi;
  const bScaled = SPLITTER * b;
  const bHi = bScaled - (bScaled - b);
  const bLo = b - bHi;
  return aLo * bLo - (product - aHi * bHi - aLo * bHi - aHi * bLo);
}
var SPLITTER = 2 ** 27 + 1;

// src/core/owntracks/scan-json.ts
var WIRE_FIELDS = [
  "_type",
  "lat",
  "lon",
  "tst",
  "acc",
  "inregions",
  "t",
  "batt",
  "vel",
  "tid",
  "SSID",
  "ssid",
  "event",
  "desc",
  "rad",
  "waypoints",
  "data",
  "name",
  "face"
];
function fieldsOf(v) {
  return {
    _type: v[0],
    lat: v[1],
    lon: v[2],
    tst: v[3],
    acc: v[4],
    inregions: v[5],
    t: v[6],
    batt: v[7],
    vel: v[8],
    tid: v[9],
    SSID: v[10],
    ssid: v[11],
    event: v[12],
    desc: v[13],
    rad: v[14],
    waypoints: v[15],
    data: v[16],
    name: v[17],
    face: v[18]
  };
}
var QUOTE = 34;
var BACKSLASH = 92;
var COMMA = 44;
var COLON = 58;
var OPEN_BRACE = 123;
var CLOSE_BRACE = 125;
var OPEN_BRACKET = 91;
var CLOSE_BRACKET = 93;
var MINUS = 45;
var PLUS = 43;
var DOT = 46;
var ZERO = 48;
var NINE = 57;
var MAX_DEPTH = 64;
var BAIL = -1;
var KEY_SLOTS = 256;
var keySlot = (length, first, last) => length * 4 + first * 3 + last & KEY_SLOTS - 1;
var keyTable = new Array(KEY_SLOTS).fill(void 0);
for (let f = 0; f < WIRE_FIELDS.length; f++) {
  const name = WIRE_FIELDS[f];
  const slot = keySlot(name.length, name.charCodeAt(0), name.charCodeAt(name.length - 1));
  if (keyTable[slot] !== void 0) throw new Error(`scan-json: fields collide in slot ${slot}`);
  keyTable[slot] = f;
}
var STRING_SLOTS = 512;
var CACHED_LENGTH = 48;
var stringCache = new Array(STRING_SLOTS).fill("");
var utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
var scanned;
var values = new Array(WIRE_FIELDS.length).fill(void 0);
function scanWireObject(b) {
  values.fill(void 0);
  const n = b.length;
  let i = skipSpace(b, 0, n);
  if (i >= n || b[i] !== OPEN_BRACE) return void 0;
  i = skipSpace(b, i + 1, n);
  if (i < n && b[i] === CLOSE_BRACE) {
    i++;
  } else {
    for (; ; ) {
      if (i >= n || b[i] !== QUOTE) return void 0;
      const start = i + 1;
      let j = start;
      for (; j < n; j++) {
        const c2 = b[j];
        if (c2 === QUOTE) break;
        if (c2 === BACKSLASH || c2 < 32 || c2 > 126) return void 0;
      }
      if (j >= n) return void 0;
      const field = j === start ? void 0 : keyTable[keySlot(j - start, b[start], b[j - 1])];
      const kept = field !== void 0 && sameBytes(b, start, j, WIRE_FIELDS[field]);
      i = skipSpace(b, j + 1, n);
      if (i >= n || b[i] !== COLON) return void 0;
      i = skipSpace(b, i + 1, n);
      if (kept) {
        i = keptValue(b, i, n);
        if (i === BAIL) return void 0;
        values[field] = scanned;
      } else {
        i = skipValue(b, i, n, 0);
        if (i === BAIL) return void 0;
      }
      i = skipSpace(b, i, n);
      if (i >= n) return void 0;
      const c = b[i];
      i++;
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) return void 0;
      i = skipSpace(b, i, n);
    }
  }
  if (skipSpace(b, i, n) !== n) return void 0;
  return fieldsOf(values);
}
function skipSpace(b, i, n) {
  while (i < n) {
    const c = b[i];
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
    i++;
  }
  return i;
}
function sameBytes(b, start, end, text) {
  if (end - start !== text.length) return false;
  for (let k = 0; k < text.length; k++) if (b[start + k] !== text.charCodeAt(k)) return false;
  return true;
}
function keptValue(b, i, n) {
  if (b[i] !== OPEN_BRACKET) return scalar(b, i, n);
  const list = [];
  i = skipSpace(b, i + 1, n);
  if (i < n && b[i] === CLOSE_BRACKET) {
    scanned = list;
    return i + 1;
  }
  for (; ; ) {
    i = scalar(b, i, n);
    if (i === BAIL) return BAIL;
    list.push(scanned);
    i = skipSpace(b, i, n);
    if (i >= n) return BAIL;
    const c = b[i];
    if (c === CLOSE_BRACKET) break;
    if (c !== COMMA) return BAIL;
    i = skipSpace(b, i + 1, n);
  }
  scanned = list;
  return i + 1;
}
function scalar(b, i, n) {
  if (i >= n) return BAIL;
  const c = b[i];
  if (c === QUOTE) return keptString(b, i + 1, n);
  if (c === MINUS || c >= ZERO && c <= NINE) return number(b, i, n, true);
  return literal(b, i, n, true);
}
function keptString(b, start, n) {
  let h = 0;
  let wide = false;
  let j = start;
  while (j < n) {
    const c = b[j];
    if (c === QUOTE) break;
    if (c === BACKSLASH || c < 32) return BAIL;
    if (c >= 128) {
      j = utf8Sequence(b, j, n);
      if (j === BAIL) return BAIL;
      wide = true;
      continue;
    }
    h = Math.imul(h, 31) + c | 0;
    j++;
  }
  if (j >= n) return BAIL;
  const length = j - start;
  if (wide || length > CACHED_LENGTH) {
    scanned = utf8.decode(b.subarray(start, j));
    return j + 1;
  }
  const slot = h & STRING_SLOTS - 1;
  const cached = stringCache[slot];
  if (sameBytes(b, start, j, cached)) {
    scanned = cached;
  } else {
    const text = utf8.decode(b.subarray(start, j));
    stringCache[slot] = text;
    scanned = text;
  }
  return j + 1;
}
var MAX_DIGITS = 19;
function number(b, i, n, keep) {
  const start = i;
  const negative = b[i] === MINUS;
  if (negative) i++;
  if (i >= n) return BAIL;
  const first = b[i];
  let head = 0;
  let tail = 0;
  let digits = 0;
  if (first === ZERO) {
    i++;
  } else if (first > ZERO && first <= NINE) {
    for (; i < n; i++) {
      const d = b[i] - ZERO;
      if (d < 0 || d > 9) break;
      if (digits < EXACT_DIGITS) head = head * 10 + d;
      else tail = tail * 10 + d;
      digits++;
    }
  } else {
    return BAIL;
  }
  let fraction = 0;
  if (i < n && b[i] === DOT) {
    const from = ++i;
    for (; i < n; i++) {
      const d = b[i] - ZERO;
      if (d < 0 || d > 9) break;
      if (digits === 0 && d === 0) continue;
      if (digits < EXACT_DIGITS) head = head * 10 + d;
      else tail = tail * 10 + d;
      digits++;
    }
    fraction = i - from;
    if (fraction === 0) return BAIL;
  }
  let exponent = false;
  if (i < n && (b[i] === 101 || b[i] === 69)) {
    exponent = true;
    i++;
    if (i < n && (b[i] === PLUS || b[i] === MINUS)) i++;
    const from = i;
    while (i < n && b[i] >= ZERO && b[i] <= NINE) i++;
    if (i === from) return BAIL;
  }
  if (keep) {
    let value = Number.NaN;
    if (!exponent && fraction <= 22 && digits <= MAX_DIGITS) {
      value = decimalToDouble(head, tail, Math.max(0, digits - EXACT_DIGITS), fraction);
    }
    if (Number.isNaN(value)) value = Number(utf8.decode(b.subarray(negative ? start + 1 : start, i)));
    scanned = negative ? -value : value;
  }
  return i;
}
function literal(b, i, n, keep) {
  const c = b[i];
  const word = c === 116 ? "true" : c === 102 ? "false" : c === 110 ? "null" : void 0;
  if (word === void 0 || i + word.length > n || !sameBytes(b, i, i + word.length, word)) return BAIL;
  if (keep) scanned = c === 116 ? true : c === 102 ? false : null;
  return i + word.length;
}
function skipValue(b, i, n, depth) {
  if (i >= n) return BAIL;
  const c = b[i];
  if (c === QUOTE) return skipString(b, i + 1, n);
  if (c === MINUS || c >= ZERO && c <= NINE) return number(b, i, n, false);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    if (depth >= MAX_DEPTH) return BAIL;
    const object = c === OPEN_BRACE;
    const close = object ? CLOSE_BRACE : CLOSE_BRACKET;
    i = skipSpace(b, i + 1, n);
    if (i < n && b[i] === close) return i + 1;
    for (; ; ) {
      if (object) {
        if (i >= n || b[i] !== QUOTE) return BAIL;
        i = skipString(b, i + 1, n);
        if (i === BAIL) return BAIL;
        i = skipSpace(b, i, n);
        if (i >= n || b[i] !== COLON) return BAIL;
        i = skipSpace(b, i + 1, n);
      }
      i = skipValue(b, i, n, depth + 1);
      if (i === BAIL) return BAIL;
      i = skipSpace(b, i, n);
      if (i >= n) return BAIL;
      const next = b[i];
      if (next === close) return i + 1;
      if (next !== COMMA) return BAIL;
      i = skipSpace(b, i + 1, n);
    }
  }
  return literal(b, i, n, false);
}
function skipString(b, i, n) {
  while (i < n) {
    const c = b[i];
    if (c === QUOTE) return i + 1;
    if (c < 32) return BAIL;
    if (c >= 128) {
      i = utf8Sequence(b, i, n);
      if (i === BAIL) return BAIL;
      continue;
    }
    if (c === BACKSLASH) {
      const e = b[i + 1];
      if (e === 117) {
        if (i + 6 > n) return BAIL;
        for (let k = i + 2; k < i + 6; k++) if (!isHex(b[k])) return BAIL;
        i += 6;
        continue;
      }
      if (e !== QUOTE && e !== BACKSLASH && e !== 47 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116)
        return BAIL;
      i += 2;
      continue;
    }
    i++;
  }
  return BAIL;
}
function utf8Sequence(b, i, n) {
  const lead = b[i];
  let count;
  let low = 128;
  let high = 191;
  if (lead >= 194 && lead <= 223) count = 1;
  else if (lead >= 224 && lead <= 239) {
    count = 2;
    if (lead === 224) low = 160;
    else if (lead === 237) high = 159;
  } else if (lead >= 240 && lead <= 244) {
    count = 3;
    if (lead === 240) low = 144;
    else if (lead === 244) high = 143;
  } else return BAIL;
  if (i + count >= n) return BAIL;
  const second = b[i + 1];
  if (second < low || second > high) return BAIL;
  for (let k = i + 2; k <= i + count; k++) {
    const c = b[k];
    if (c < 128 || c > 191) return BAIL;
  }
  return i + count + 1;
}
var isHex = (c) => c >= ZERO && c <= NINE || c >= 65 && c <= 70 || c >= 97 && c <= 102;

// src/core/owntracks/topic.ts
var OWNTRACKS_ROOT = "owntracks";
var ROOT_PREFIX = `${OWNTRACKS_ROOT}/`;
function parseTopic(topic, family) {
  if (topic.indexOf("+") >= 0 || topic.indexOf("#") >= 0) return badTopic(topic, "contains a wildcard");
  if (topic.slice(0, ROOT_PREFIX.length) !== ROOT_PREFIX) {
    return badTopic(topic, `does not start with "${ROOT_PREFIX}"`);
  }
  const familyStart = ROOT_PREFIX.length;
  const familyEnd = topic.indexOf("/", familyStart);
  if (familyEnd < 0) return badTopic(topic, "has no device level");
  if (familyEnd === familyStart) return badTopic(topic, "has an empty family level");
  const deviceEnd = topic.indexOf("/", familyEnd + 1);
  const deviceId = topic.slice(familyEnd + 1, deviceEnd < 0 ? topic.length : deviceEnd);
  if (deviceId === "") return badTopic(topic, "has an empty device level");
  let subtopic = "";
  if (deviceEnd >= 0) {
    subtopic = topic.slice(deviceEnd + 1);
    if (subtopic === "" || subtopic[0] === "/" || subtopic.endsWith("/") || subtopic.indexOf("//") >= 0) {
      return badTopic(topic, "has an empty level");
    }
  }
  const topicFamily = topic.slice(familyStart, familyEnd);
  if (topicFamily !== family) return badTopic(topic, `family "${topicFamily}" is not "${family}"`);
  return ok({ family, deviceId, subtopic });
}
function badTopic(topic, detail) {
  return fail({ code: "bad-topic", topic, detail });
}

// src/core/owntracks/decode.ts
var MAX_FACE_BASE64 = 204800;
var UNTYPED = "message";
var parsedTopics = /* @__PURE__ */ new Map();
var PARSED_TOPICS_LIMIT = 256;
var utf82 = new TextDecoder("utf-8", { fatal: true });
function decodeOwnTracks(topic, payload, ctx) {
  const bytes = payload.byteLength;
  if (bytes > ctx.maxPayloadBytes) {
    return fail({ code: "oversize", topic, bytes, limitBytes: ctx.maxPayloadBytes });
  }
  let device = parsedTopics.get(topic);
  if (device === void 0 || device.family !== ctx.family) {
    const parsed = parseTopic(topic, ctx.family);
    if (!parsed.ok) return parsed;
    device = parsed.value;
    if (parsedTopics.size >= PARSED_TOPICS_LIMIT) parsedTopics.clear();
    parsedTopics.set(topic, device);
  }
  const subtopic = device.subtopic;
  const sender = ctx.senderOf(device.deviceId);
  if (sender === void 0) return fail({ code: "unknown-device", topic, deviceId: device.deviceId });
  if (subtopic === "cmd") return ok(ignored(sender, "cmd"));
  if (bytes === 0) {
    if (subtopic === "") return ok({ kind: "forget", memberId: sender.memberId, deviceId: sender.deviceId });
    if (subtopic === "info")
      return ok({ kind: "card", memberId: sender.memberId, deviceId: sender.deviceId, cleared: true });
    return ok(ignored(sender, "clear"));
  }
  const scanned2 = scanWireObject(payload);
  if (scanned2 !== void 0) return decodeMessage(scanned2, topic, sender, ctx);
  let text;
  try {
    text = utf82.decode(payload);
  } catch {
    return fail({ code: "not-json", topic, detail: "invalid UTF-8" });
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    return fail({ code: "not-json", topic, detail: `invalid JSON syntax in ${bytes} bytes` });
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return fail({ code: "not-object", topic });
  return decodeMessage(json, topic, sender, ctx);
}
function decodeMessage(msg, topic, sender, ctx) {
  const type = msg._type;
  if (type === void 0 || type === null) {
    return fail({ code: "missing-field", topic, type: UNTYPED, field: "_type" });
  }
  if (typeof type !== "string") return fail(wrongType(topic, UNTYPED, "_type", "string"));
  const known = type;
  switch (known) {
    case "location":
      return saidPlain(decodeLocation(msg, topic, sender), ctx);
    case "transition":
      return saidPlain(decodeTransition(msg, topic, sender), ctx);
    case "waypoint":
      return decodeWaypoint(msg, topic, sender);
    case "waypoints":
      return decodeWaypoints(msg, topic, sender);
    case "lwt":
      return decodeLastWill(msg, topic, sender);
    case "card":
      return ok(cardOf(msg, sender));
    case "encrypted":
      return decodeEncrypted(msg, topic, sender, ctx);
    // Valid messages that never move a hand (§1.7, §1.8, §1.10–§1.14): acknowledged, not parsed.
    case "status":
    case "steps":
    case "cmd":
    case "beacon":
    case "dump":
    case "configuration":
    case "request":
      return ok(ignored(sender, known));
    default: {
      const other = known;
      return fail({ code: "unknown-type", topic, type: other });
    }
  }
}
function saidPlain(decoded, ctx) {
  if (decoded.ok && ctx?.sentPlain) ctx.sentPlain(decoded.value.deviceId);
  return decoded;
}
function decodeEncrypted(msg, topic, sender, ctx) {
  const data = msg.data;
  if (data === void 0 || data === null)
    return fail({ code: "missing-field", topic, type: "encrypted", field: "data" });
  if (typeof data !== "string") return fail(wrongType(topic, "encrypted", "data", "string"));
  const opened = ctx?.decrypt ? ctx.decrypt(sender.deviceId, data) : { ok: false, reason: "no-key" };
  if (!opened.ok)
    return fail({ code: opened.reason === "no-key" ? "encrypted-no-key" : "decrypt-failed", topic });
  let inner;
  try {
    inner = JSON.parse(utf82.decode(opened.plaintext));
  } catch {
    return fail({ code: "decrypt-failed", topic });
  }
  if (typeof inner !== "object" || inner === null || Array.isArray(inner) || inner._type === "encrypted") {
    return fail({ code: "decrypt-failed", topic });
  }
  return decodeMessage(inner, topic, sender);
}
function decodeLastWill(msg, topic, sender) {
  const timestampSec = optionalTimestamp(msg, "tst", topic, "lwt");
  if (typeof timestampSec === "object") return fail(timestampSec);
  const event = { kind: "lwt", memberId: sender.memberId, deviceId: sender.deviceId };
  if (timestampSec !== void 0) event.timestampSec = timestampSec;
  return ok(event);
}
function cardOf(msg, sender) {
  const card = { kind: "card", memberId: sender.memberId, deviceId: sender.deviceId };
  const name = decorativeString(msg.name);
  if (name !== void 0) card.name = name;
  const face = typeof msg.face === "string" && msg.face !== "" ? msg.face : void 0;
  if (face !== void 0 && face.length <= MAX_FACE_BASE64) card.face = face;
  const initials2 = decorativeString(msg.tid);
  if (initials2 !== void 0) card.initials = initials2;
  return card;
}
function ignored(sender, type) {
  return { kind: "ignored", memberId: sender.memberId, deviceId: sender.deviceId, type };
}

// src/core/whereabouts/evidence.ts
var newDevice = (deviceId) => ({
  deviceId,
  lastTimestampSec: 0,
  lastReceivedMs: 0,
  enteredPlaceKeys: [],
  placeKey: null,
  placedSec: 0,
  sendsRegionLists: false,
  online: true
});
var NO_NAMES = [];
var indexes = /* @__PURE__ */ new WeakMap();
function indexOf(places) {
  let index = indexes.get(places);
  if (!index) {
    index = /* @__PURE__ */ new Map();
    for (let i = places.length - 1; i >= 0; i--) {
      const place = places[i];
      for (const alias of place.aliases) index.set(alias, place);
      index.set(place.key, place);
    }
    indexes.set(places, index);
  }
  return index;
}
var keyCache = /* @__PURE__ */ new Map();
var CACHED_NAME_LENGTH = 200;
function cachedKeyOf(rawName) {
  let key = keyCache.get(rawName);
  if (key === void 0) {
    key = placeKeyOf(rawName);
    if (rawName.length > CACHED_NAME_LENGTH) return key;
    if (keyCache.size >= 1e3) keyCache.clear();
    keyCache.set(rawName, key);
  }
  return key;
}
function placeNamed(rawName, places) {
  const key = cachedKeyOf(rawName);
  return key === null ? void 0 : indexOf(places).get(key);
}
function placesIn(names, places) {
  if (names.length === 0) return NO_KEYS;
  const index = indexOf(places);
  if (names.length === 1) {
    const key = cachedKeyOf(names[0]);
    const place = key === null ? void 0 : index.get(key);
    return place ? onlyKey(place.key) : NO_KEYS;
  }
  const found = [];
  for (const name of names) {
    const key = cachedKeyOf(name);
    const place = key === null ? void 0 : index.get(key);
    if (place !== void 0 && !found.includes(place)) found.push(place);
  }
  return found.sort((a, b) => places.indexOf(b) - places.indexOf(a)).map((p) => p.key);
}
var NO_KEYS = [];
var onlyKeys = /* @__PURE__ */ new Map();
function onlyKey(key) {
  let keys = onlyKeys.get(key);
  if (!keys) {
    if (onlyKeys.size >= 1e3) onlyKeys.clear();
    keys = [key];
    onlyKeys.set(key, keys);
  }
  return keys;
}
var sameKeys = (a, b) => a.length === b.length && a.every((k, i) => k === b[i]);
function stillEntered(keys, fix, places, options, fromTransition = false) {
  const accuracy = fix.accuracyMeters ?? 0;
  if (keys.length === 0 || accuracy > options.maxAccuracyMeters || fromTransition && accuracy === 0)
    return keys;
  const index = indexOf(places);
  const kept = keys.filter((k) => {
    const place = index.get(k);
    return !place || !hasGeometry(place) || !fixClearlyLeaves(fix, place, options.hysteresisMeters);
  });
  return kept.length === keys.length ? keys : kept;
}
function placeFromFix(fix, places, current2, hasInregions, options) {
  return placeFromVerdict(locateFix(fix, places, current2, options), places, current2, hasInregions);
}
function placeFromVerdict(verdict, places, current2, hasInregions) {
  if (verdict.kind === "inside") return verdict.place.key;
  const currentPlace = current2 === null ? void 0 : places.find((p) => p.key === current2);
  if (currentPlace && !hasGeometry(currentPlace) && !hasInregions) return current2;
  if (verdict.kind === "unsure")
    return hasInregions && currentPlace && !hasGeometry(currentPlace) ? null : current2;
  return null;
}
function locateDevice(device, event, places, options) {
  if (event.insidePlaceNames !== void 0 && !device.sendsRegionLists) device.sendsRegionLists = true;
  if (device.placedSec === void 0) device.placedSec = device.lastTimestampSec;
  const names = event.insidePlaceNames ?? (device.sendsRegionLists ? NO_NAMES : void 0);
  const inside = names ? placesIn(names, places) : void 0;
  const named = inside?.at(-1);
  const entered = inside ?? stillEntered(device.enteredPlaceKeys, event.fix, places, options);
  let placed = true;
  if (named !== void 0) device.placeKey = named;
  else {
    const verdict = locateFix(event.fix, places, device.placeKey, options);
    const before = device.placeKey;
    device.placeKey = placeFromVerdict(verdict, places, before, names !== void 0);
    if (device.placeKey === null && names === void 0 && verdict.kind === "outside")
      device.placeKey = entered.at(-1) ?? null;
    placed = names !== void 0 || verdict.kind !== "unsure" || device.placeKey !== before;
  }
  if (placed) device.placedSec = event.timestampSec;
  device.lastTimestampSec = event.timestampSec;
  device.lastLocationSec = event.timestampSec;
  device.lastFix = event.fix;
  device.lastFixSec = event.timestampSec;
  if (!sameKeys(device.enteredPlaceKeys, entered)) device.enteredPlaceKeys = entered;
  if (event.batteryPercent !== void 0) device.batteryPercent = event.batteryPercent;
}
function transitionDevice(device, event, places, options) {
  const place = placeNamed(event.placeName, places);
  if (!place) return false;
  device.lastTimestampSec = event.timestampSec;
  device.placedSec = event.timestampSec;
  if (event.fix) {
    device.lastFix = event.fix;
    device.lastFixSec = event.timestampSec;
  }
  const keys = device.enteredPlaceKeys;
  if (event.event === "enter") {
    if (!keys.includes(place.key)) device.enteredPlaceKeys = [...keys, place.key];
    device.placeKey = place.key;
    return true;
  }
  const left = keys.filter((k) => k !== place.key);
  const entered = event.fix ? stillEntered(left, event.fix, places, options, true) : left;
  device.enteredPlaceKeys = entered;
  if (device.placeKey !== place.key) return true;
  const stillIn = entered.at(-1);
  if (stillIn !== void 0) {
    device.placeKey = stillIn;
  } else {
    const others = places.filter((p) => p.key !== place.key);
    device.placeKey = event.fix ? placeFromFix(event.fix, others, null, true, options) : null;
  }
  return true;
}
function forgetGonePlaces(device, keys, relocate) {
  const fixIsNewest = device.lastFix !== void 0 && (device.lastFixSec ?? device.lastLocationSec) === device.lastTimestampSec;
  if (device.placeKey !== null && !keys.has(device.placeKey))
    device.placeKey = relocate && fixIsNewest && device.lastFix ? placeFromFix(device.lastFix, relocate.places, null, false, relocate.options) : null;
  if (device.enteredPlaceKeys.some((k) => !keys.has(k)))
    device.enteredPlaceKeys = device.enteredPlaceKeys.filter((k) => keys.has(k));
}

// src/core/whereabouts/resolve.ts
var LOST2 = { kind: "lost" };
var TRAVELING2 = { kind: "traveling" };
var MAX_CLOCK_AHEAD_SEC = 15 * 60;
function initialFamilyState(settings, nowMs) {
  const members = {};
  for (const m of settings.members) members[m.id] = emptyMember(m.id, nowMs);
  return { members };
}
var emptyMember = (memberId, nowMs) => ({
  memberId,
  whereabouts: LOST2,
  sinceMs: nowMs,
  lastSeenMs: null,
  devices: {}
});
var evidenceSec = (d) => {
  const heardSec = d.lastReceivedMs / 1e3;
  const placedSec = d.placedSec ?? d.lastTimestampSec;
  return placedSec > heardSec + MAX_CLOCK_AHEAD_SEC ? heardSec : placedSec;
};
function resolve(member, places, settings, nowMs) {
  if (member.lastSeenMs === null || nowMs - member.lastSeenMs > settings.lostAfterMinutes * 6e4)
    return LOST2;
  let best;
  let anyOnline = false;
  for (const id in member.devices) {
    const d = member.devices[id];
    if (d.lastTimestampSec === 0) continue;
    anyOnline ||= d.online;
    if (!best || evidenceSec(d) > evidenceSec(best) || evidenceSec(d) === evidenceSec(best) && d.lastReceivedMs > best.lastReceivedMs)
      best = d;
  }
  if (!best) return LOST2;
  if (settings.lwtMeansLost && !anyOnline) return LOST2;
  if (best.placeKey === null) return TRAVELING2;
  const key = best.placeKey;
  for (const place of places) {
    if (place.key !== key) continue;
    const current2 = member.whereabouts;
    return current2.kind === "at-place" && current2.place === place.name ? current2 : { kind: "at-place", place: place.name };
  }
  return TRAVELING2;
}

// src/core/whereabouts/settle.ts
function settle(member, places, settings, nowMs, before) {
  const whereabouts = resolve(member, places, settings, nowMs);
  if (sameWhereabouts(whereabouts, before.whereabouts)) {
    return member === before ? before : { ...member, whereabouts: before.whereabouts, sinceMs: before.sinceMs };
  }
  const silentSinceMs = whereabouts.kind === "lost" && member.lastSeenMs !== null ? member.lastSeenMs + settings.lostAfterMinutes * 6e4 : nowMs;
  return { ...member, whereabouts, sinceMs: Math.min(nowMs, Math.max(before.sinceMs, silentSinceMs)) };
}
function tick(state, settings, nowMs) {
  let members;
  const changes = [];
  const byMember = memberPlaces(settings);
  for (const config of settings.members) {
    const before = state.members[config.id];
    if (!before) continue;
    const own = byMember.get(config.id);
    const after = settle(
      before,
      own ? placesNow(before, own.base, settings, own.learns) : [],
      settings,
      nowMs,
      before
    );
    if (after === before) continue;
    members ??= { ...state.members };
    members[config.id] = after;
    changes.push(move(before, after, after.sinceMs));
  }
  return members ? { state: { members }, changes } : { state, changes };
}
var move = (before, after, atMs) => ({
  memberId: after.memberId,
  from: before.whereabouts,
  to: after.whereabouts,
  atMs
});
function reconcileWithSettings(state, settings, nowMs) {
  const members = {};
  const savedDevices = /* @__PURE__ */ new Map();
  for (const saved of Object.values(state.members))
    for (const [id, device] of Object.entries(saved.devices)) savedDevices.set(id, device);
  const formerOwner = formerOwners(state);
  for (const config of settings.members) {
    const saved = state.members[config.id] ?? takenOver(config.deviceIds, formerOwner, config.id, nowMs);
    if (!saved) {
      members[config.id] = emptyMember(config.id, nowMs);
      continue;
    }
    const places = placesOf(config.id, settings);
    const current2 = placesNow(saved, places, settings);
    const keys = new Set(current2.map((p) => p.key));
    const devices = {};
    let handedOn = false;
    for (const id of config.deviceIds) {
      const d = saved.devices[id] ?? savedDevices.get(id);
      if (!d) continue;
      handedOn ||= saved.devices[id] === void 0;
      const device = { ...d };
      forgetGonePlaces(device, keys, { places: current2, options: settings });
      devices[id] = device;
    }
    const member = { ...saved, devices };
    if (handedOn) member.lastSeenMs = lastHeardMs(devices);
    if (member.cardFrom !== void 0 && !(member.cardFrom in devices)) delete member.cardFrom;
    members[config.id] = settle(member, placesNow(member, places, settings), settings, nowMs, saved);
  }
  return { members };
}
function lastHeardMs(devices) {
  const newest = Math.max(0, ...Object.values(devices).map((d) => d.lastReceivedMs));
  return newest > 0 ? newest : null;
}
function takenOver(deviceIds, formerOwner, memberId, nowMs) {
  const formers = formersOf(deviceIds, formerOwner);
  if (formers.size === 0) return void 0;
  const fresh = emptyMember(memberId, nowMs);
  const [only] = formers;
  if (formers.size > 1 || !only) return fresh;
  const taken = {
    ...fresh,
    whereabouts: only.whereabouts,
    sinceMs: only.sinceMs,
    lastSeenMs: only.lastSeenMs
  };
  const regions = only.learnedRegions?.filter((r) => deviceIds.includes(r.deviceId));
  if (regions && regions.length > 0) taken.learnedRegions = regions;
  if (only.cardFrom !== void 0 && deviceIds.includes(only.cardFrom)) {
    taken.cardFrom = only.cardFrom;
    if (only.displayName !== void 0) taken.displayName = only.displayName;
    if (only.face !== void 0) taken.face = only.face;
  }
  return taken;
}
function formerOwners(state) {
  const owners = /* @__PURE__ */ new Map();
  for (const saved of Object.values(state.members))
    for (const id of Object.keys(saved.devices)) owners.set(id, saved);
  return owners;
}
var formersOf = (deviceIds, formerOwner) => new Set(deviceIds.flatMap((id) => formerOwner.get(id) ?? []));
function renamedMembers(state, settings) {
  const configured = new Set(settings.members.map((m) => m.id));
  const formerOwner = formerOwners(state);
  const takers = /* @__PURE__ */ new Map();
  for (const config of settings.members) {
    if (state.members[config.id]) continue;
    const formers = [...formersOf(config.deviceIds, formerOwner)];
    const only = formers.length === 1 ? formers[0] : void 0;
    if (!only || configured.has(only.memberId)) continue;
    takers.set(only.memberId, [...takers.get(only.memberId) ?? [], config.id]);
  }
  return [...takers].flatMap(([from, to]) => to.length === 1 && to[0] ? [{ from, to: to[0] }] : []);
}

// src/core/whereabouts/reduce.ts
function reduceWhereabouts(state, event, settings, nowMs) {
  if (event.kind === "tick") return tick(state, settings, nowMs);
  const result = reduceMember(state, event, settings, nowMs);
  if (!result) return { state, changes: [] };
  return {
    state: { members: { ...state.members, [event.memberId]: result.member } },
    changes: result.move ? [result.move] : []
  };
}
function reduceMember(state, event, settings, nowMs) {
  const before = state.members[event.memberId];
  if (!before) return null;
  const devices = {};
  for (const id in before.devices) devices[id] = { ...before.devices[id] };
  const member = { ...before, devices };
  const change = updateMember(member, event, settings, nowMs);
  if (change === UNCHANGED) return null;
  return change === CHANGED ? { member } : { member, move: change };
}
function claimsTheFuture(event, nowMs) {
  return (event.kind === "location" || event.kind === "transition") && event.timestampSec > nowMs / 1e3 + MAX_CLOCK_AHEAD_SEC;
}
function newsWhenReplayed(state, event) {
  if (event.kind === "lwt" || event.kind === "forget") return false;
  const member = state.members[event.memberId];
  if (!member) return true;
  if (event.kind === "card") return member.displayName === void 0 && member.face === void 0;
  if (event.kind !== "regions") return true;
  const taught = (member.learnedRegions ?? []).filter((r) => r.deviceId === event.deviceId);
  if (event.source === "waypoints") return taught.length === 0;
  return !event.regions.some((r) => taught.some((t) => t.createdSec === r.createdSec));
}
var UNCHANGED = "unchanged";
var CHANGED = "changed";
function updateMember(member, event, settings, nowMs, delivery) {
  const own = memberPlaces(settings).get(event.memberId);
  if (!own || member.memberId !== event.memberId) return UNCHANGED;
  const { base, learns } = own;
  const places = placesNow(member, base, settings, learns);
  if (!applyEvent(member, event, places, settings, nowMs, delivery)) return UNCHANGED;
  const placesAfter = event.kind === "regions" ? placesNow(member, base, settings, learns) : places;
  if (placesAfter !== places) {
    const keys = new Set(placesAfter.map((p) => p.key));
    for (const id in member.devices) forgetGonePlaces(member.devices[id], keys);
  }
  const whereabouts = resolve(member, placesAfter, settings, nowMs);
  const from = member.whereabouts;
  if (sameWhereabouts(whereabouts, from)) return CHANGED;
  const atMs = movedAt(member.sinceMs, event, nowMs);
  member.whereabouts = whereabouts;
  member.sinceMs = atMs;
  return { memberId: member.memberId, from, to: whereabouts, atMs };
}
function movedAt(previousMs, event, nowMs) {
  if (event.kind !== "location" && event.kind !== "transition") return nowMs;
  return Math.min(nowMs, Math.max(previousMs, event.timestampSec * 1e3));
}
function applyEvent(member, event, places, settings, nowMs, delivery) {
  const existing = member.devices[event.deviceId];
  if (event.kind === "forget") {
    const regions = member.learnedRegions;
    const taught = regions?.some((r) => r.deviceId === event.deviceId) === true;
    if (!existing && !taught) return false;
    delete member.devices[event.deviceId];
    if (taught) {
      const kept = regions?.filter((r) => r.deviceId !== event.deviceId) ?? [];
      if (kept.length > 0) member.learnedRegions = kept;
      else delete member.learnedRegions;
    }
    if (member.cardFrom === event.deviceId) delete member.cardFrom;
    return true;
  }
  if (event.kind === "ignored" && event.type === "cmd") return false;
  if (event.kind === "lwt") {
    if (existing?.online !== true) return false;
    existing.online = false;
    return true;
  }
  let device = existing;
  if (!device) {
    device = newDevice(event.deviceId);
    member.devices[event.deviceId] = device;
  }
  const isFix = event.kind === "location" || event.kind === "transition";
  const heardThen = delivery === "replayed" || delivery === "relayed" && isFix && event.timestampSec * 1e3 < nowMs - settings.lostAfterMinutes * 6e4;
  if (!heardThen) {
    member.lastSeenMs = Math.max(member.lastSeenMs ?? 0, nowMs);
    device.lastReceivedMs = nowMs;
    device.online = true;
  } else if (isFix) {
    const sentMs = Math.min(nowMs, event.timestampSec * 1e3);
    member.lastSeenMs = Math.max(member.lastSeenMs ?? 0, sentMs);
    device.lastReceivedMs = Math.max(device.lastReceivedMs, sentMs);
  }
  switch (event.kind) {
    case "location":
      if (event.timestampSec > (device.lastLocationSec ?? 0) && event.timestampSec >= device.lastTimestampSec || clockPutRight(device, event.timestampSec, nowMs))
        locateDevice(device, event, places, settings);
      return true;
    case "transition":
      if (event.timestampSec >= device.lastTimestampSec) {
        transitionDevice(device, event, places, settings);
      } else if (clockPutRight(device, event.timestampSec, nowMs)) {
        if ((device.lastLocationSec ?? 0) > event.timestampSec) delete device.lastLocationSec;
        transitionDevice(device, event, places, settings);
      }
      return true;
    case "card":
      if (event.cleared) {
        if (member.cardFrom !== void 0 && member.cardFrom !== event.deviceId) return true;
        delete member.displayName;
        delete member.face;
        delete member.cardFrom;
        return true;
      }
      if (event.name !== void 0) member.displayName = event.name;
      if (event.face !== void 0) member.face = event.face;
      if (event.name !== void 0 || event.face !== void 0) member.cardFrom = event.deviceId;
      return true;
    case "regions":
      member.learnedRegions = learnRegions(member, event);
      return true;
    case "ignored":
      return true;
  }
}
function clockPutRight(device, timestampSec, nowMs) {
  const nowSec = nowMs / 1e3;
  const limit = nowSec + MAX_CLOCK_AHEAD_SEC;
  const newestSec = Math.max(device.lastTimestampSec, device.lastLocationSec ?? 0);
  return timestampSec <= limit && timestampSec >= nowSec - MAX_CLOCK_AHEAD_SEC && newestSec > limit && // A clock put right jumps back by more than the skew allowed; a late copy of a message from a
  // phone whose clock runs steadily ahead is only as much older as the time between them.
  newestSec - timestampSec > MAX_CLOCK_AHEAD_SEC;
}

// src/app/after-deliveries.ts
function afterDeliveries(fn) {
  setImmediate(() => setImmediate(fn));
}

// src/app/device-senders.ts
function createSenderLookup(settings, onSpelling, spelledOtherwise) {
  const senders = /* @__PURE__ */ new Map();
  for (const m of settings.members)
    for (const d of m.deviceIds) {
      const sender = { memberId: m.id, deviceId: d };
      senders.set(d.toLowerCase(), sender);
      senders.set(d, sender);
    }
  const respelled = /* @__PURE__ */ new Set();
  if (onSpelling && spelledOtherwise) {
    for (const m of settings.members) for (const d of m.deviceIds) if (spelledOtherwise(d)) respelled.add(d);
  }
  return (deviceId) => {
    const exact = senders.get(deviceId);
    if (exact !== void 0) {
      if (respelled.size !== 0 && respelled.delete(exact.deviceId)) onSpelling?.(exact.deviceId, deviceId);
      return exact;
    }
    const sender = senders.get(deviceId.toLowerCase());
    if (sender !== void 0 && onSpelling) {
      respelled.add(sender.deviceId);
      onSpelling(sender.deviceId, deviceId);
    }
    return sender;
  };
}

// src/app/pending-commit.ts
var MAX_KEPT = 4096;
var MAX_KEPT_BYTES = 8 * 1024 * 1024;
var entryBytes = (entry) => entry.payload.byteLength + entry.topic.length;
var journalBytes = (journal) => journal.reduce((sum, entry) => sum + entryBytes(entry), 0);
var PendingCommit = class {
  journal = [];
  /** The journal's bytes, for the batch's bound. */
  bytes = 0;
  moves = [];
  members = /* @__PURE__ */ new Map();
  #dones = [];
  /** Members renamed in the config: their history goes along in the next commit. */
  #renamed;
  /** How many of the first moves were already shown (kept from a failed commit). */
  #shownMoves = 0;
  constructor(renamed = []) {
    this.#renamed = renamed;
  }
  add(entry, done) {
    this.journal.push(entry);
    this.bytes += entryBytes(entry);
    if (done) this.#dones.push(done);
  }
  get isEmpty() {
    return this.journal.length === 0 && this.members.size === 0;
  }
  /** Everything pending, as one batch; nothing is pending after it. */
  take() {
    const batch2 = {
      members: [...this.members.values()],
      moves: this.moves,
      journal: this.journal
    };
    if (this.#renamed.length > 0) batch2.renamed = this.#renamed;
    const taken = {
      batch: batch2,
      bytes: this.bytes,
      dones: this.#dones,
      newMoves: this.#shownMoves === 0 ? batch2.moves : batch2.moves.slice(this.#shownMoves)
    };
    this.journal = [];
    this.bytes = 0;
    this.moves = [];
    this.members = /* @__PURE__ */ new Map();
    this.#dones = [];
    this.#renamed = [];
    this.#shownMoves = 0;
    return taken;
  }
  /**
   * A batch whose commit failed, pending again: memory already holds its changes, and a resent message
   * would not make its hand moves again. The phones get an error and resend what they sent (the journal,
   * a log of what arrived, then has it twice, as for any redelivery). The next message or tick tries
   * again; while the failure lasts, only the newest entries of the journal and the history are kept.
   * Returns how many older ones were dropped.
   */
  keep({ batch: batch2, bytes }) {
    for (const member of batch2.members) this.members.set(member.memberId, member);
    this.#renamed = [...batch2.renamed ?? []];
    this.moves = batch2.moves.length > MAX_KEPT ? batch2.moves.slice(-MAX_KEPT) : batch2.moves;
    this.#shownMoves = this.moves.length;
    let journal = batch2.journal.length > MAX_KEPT ? batch2.journal.slice(-MAX_KEPT) : batch2.journal;
    let kept = journal === batch2.journal ? bytes : journalBytes(journal);
    let from = 0;
    while (kept > MAX_KEPT_BYTES && from < journal.length) {
      kept -= entryBytes(journal[from]);
      from++;
    }
    if (from > 0) journal = journal.slice(from);
    this.journal = journal;
    this.bytes = kept;
    return batch2.moves.length - this.moves.length + batch2.journal.length - journal.length;
  }
};

// src/app/rejections.ts
var LOG_INTERVAL_MS = 6e4;
var MAX_KEYS = 1e4;
function createRejections(logger, stats) {
  const lastLogged = /* @__PURE__ */ new Map();
  const warnOncePerMinute = (key, atMs, message) => {
    const last = lastLogged.get(key);
    if (last !== void 0 && atMs - last < LOG_INTERVAL_MS) return;
    lastLogged.set(key, atMs);
    if (lastLogged.size > MAX_KEYS) lastLogged.clear();
    logger.log("warn", message());
  };
  return {
    warnOncePerMinute,
    /** Counts the refusal and gives its journal entry; said once a minute per device and reason. */
    reject(inbound, problem) {
      stats.rejected++;
      stats.rejectedByReason[problem.code] = (stats.rejectedByReason[problem.code] ?? 0) + 1;
      const detail = describeProblem(problem);
      warnOncePerMinute(
        `${problem.code}|${deviceOf(inbound.topic)}`,
        inbound.receivedAtMs,
        () => `rejected: ${detail}`
      );
      return {
        receivedAtMs: inbound.receivedAtMs,
        topic: inbound.topic,
        payload: holdsPhoneSecrets(inbound) ? NO_PAYLOAD : inbound.payload,
        outcome: "rejected",
        problemCode: problem.code,
        detail
      };
    }
  };
}
function deviceOf(topic) {
  let end = -1;
  for (let level = 0; level < 3; level++) {
    end = topic.indexOf("/", end + 1);
    if (end < 0) return clipped(topic);
  }
  return clipped(topic.slice(0, end));
}
var NO_PAYLOAD = new Uint8Array(0);
var SECRET_TYPES = /"_type"\s*:\s*"(?:dump|configuration)"/;
function holdsPhoneSecrets(inbound) {
  if (inbound.topic.endsWith("/dump")) return true;
  return SECRET_TYPES.test(new TextDecoder().decode(inbound.payload.subarray(0, 1024 * 1024)));
}

// src/app/pipeline.ts
var holdsSecrets = (event) => event.kind === "ignored" && (event.type === "dump" || event.type === "configuration");
var NO_PAYLOAD2 = new Uint8Array(0);
function createPipeline(deps) {
  const { settings, store, logger, now } = deps;
  const maxBatch = deps.maxBatch ?? 512;
  const maxBatchBytes = deps.maxBatchBytes ?? 256 * 1024;
  const schedule = deps.schedule ?? afterDeliveries;
  const ctx = {
    family: settings.family,
    maxPayloadBytes: settings.maxPayloadBytes,
    senderOf: createSenderLookup(settings, deps.onDeviceSpelling, deps.deviceSpelledOtherwise)
  };
  if (deps.decrypt) ctx.decrypt = deps.decrypt;
  if (deps.sentPlain) ctx.sentPlain = deps.sentPlain;
  const replayCtx = { ...ctx, senderOf: createSenderLookup(settings) };
  delete replayCtx.sentPlain;
  const decrypt = deps.decrypt;
  if (decrypt) replayCtx.decrypt = (deviceId, data) => decrypt(deviceId, data, false);
  const loaded = store.loadState();
  let state = loaded ? reconcileWithSettings(loaded, settings, now()) : initialFamilyState(settings, now());
  const outputs = /* @__PURE__ */ new Set();
  const stats = { startedAtMs: now(), accepted: 0, ignored: 0, rejected: 0, rejectedByReason: {} };
  const { reject, warnOncePerMinute } = createRejections(logger, stats);
  const pending = new PendingCommit(loaded ? renamedMembers(loaded, settings) : []);
  let flushScheduled = false;
  for (const [id, member] of Object.entries(state.members)) {
    const before = loaded?.members[id];
    if (member === before) continue;
    pending.members.set(id, member);
    if (before && !sameWhereabouts(before.whereabouts, member.whereabouts))
      pending.moves.push({
        memberId: id,
        from: before.whereabouts,
        to: member.whereabouts,
        atMs: member.sinceMs
      });
  }
  const apply = (event, atMs, delivery) => {
    if (event.kind !== "tick") {
      const member = state.members[event.memberId];
      if (!member) return void 0;
      const change = updateMember(member, event, settings, atMs, delivery);
      if (change === UNCHANGED) return void 0;
      pending.members.set(event.memberId, member);
      if (change === CHANGED) return void 0;
      pending.moves.push(change);
      return change;
    }
    const before = state;
    const result = reduceWhereabouts(state, event, settings, atMs);
    state = result.state;
    for (const move2 of result.changes) pending.moves.push(move2);
    for (const [id, member] of Object.entries(state.members))
      if (member !== before.members[id]) pending.members.set(id, member);
    return void 0;
  };
  const requestFlush = () => {
    if (pending.journal.length >= maxBatch || pending.bytes >= maxBatchBytes) {
      flush();
      return;
    }
    if (flushScheduled) return;
    flushScheduled = true;
    schedule(flush);
  };
  const saveFailures = { count: 0, saidAtMs: 0, dropped: 0, reason: "" };
  function flush() {
    flushScheduled = false;
    if (pending.isEmpty) return;
    const taken = pending.take();
    let failure;
    try {
      store.commit(taken.batch);
      if (saveFailures.count > 0)
        logger.log("info", `saving state works again (${saveFailures.count} commits had failed)`);
      Object.assign(saveFailures, { count: 0, dropped: 0, reason: "" });
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      saveFailures.dropped += pending.keep(taken);
      saveFailures.count++;
      if (saveFailures.count === 1 || failure.message !== saveFailures.reason || now() - saveFailures.saidAtMs >= 6e4) {
        saveFailures.saidAtMs = now();
        saveFailures.reason = failure.message;
        const times = saveFailures.count > 1 ? `, ${saveFailures.count} failed commits so far` : "";
        const dropped = saveFailures.dropped > 0 ? `; ${saveFailures.dropped} older unsaved journal and history entries dropped` : "";
        logger.log(
          "error",
          `could not save state (kept for the next try${times}${dropped}): ${failure.message}`
        );
      }
    }
    for (const done of taken.dones) {
      try {
        done(failure);
      } catch (error) {
        logger.log(
          "error",
          `acknowledging a message failed: ${error instanceof Error ? error.message : String(error)}`
        );
      }
    }
    if (taken.batch.members.length > 0) notify(taken.newMoves);
  }
  const notify = (moves) => {
    if (outputs.size === 0) return;
    let view;
    try {
      view = currentView();
    } catch (error) {
      logger.log(
        "error",
        `could not build the clock's view: ${error instanceof Error ? error.message : String(error)}`
      );
      return;
    }
    for (const output of outputs) {
      try {
        output.show(view, moves);
      } catch (error) {
        logger.log("error", `a display failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  const currentView = () => buildClockView(settings, state, deps.display, deps.connection(), now());
  let lastMove;
  function handleMessage(inbound, done) {
    lastMove = void 0;
    const replayedFrom = inbound.replayedFromMs;
    const decoded = decodeOwnTracks(
      inbound.topic,
      inbound.payload,
      replayedFrom === void 0 && inbound.delivery !== "replayed" ? ctx : replayCtx
    );
    let entry;
    if (decoded.ok) {
      const event = decoded.value;
      const stale = replayedFrom !== void 0 && !newsWhenReplayed(state, event);
      if (!stale && claimsTheFuture(event, inbound.receivedAtMs)) {
        const hours = (event.timestampSec * 1e3 - inbound.receivedAtMs) / 36e5;
        warnOncePerMinute(
          `future|${deviceOf(inbound.topic)}`,
          inbound.receivedAtMs,
          () => `${clipped(inbound.topic)}: tst is ${hours.toFixed(1)} h ahead of this clock (is the phone's clock, or this machine's, wrong?)`
        );
      }
      if (!stale) lastMove = apply(event, inbound.receivedAtMs, inbound.delivery);
      const outcome = stale || event.kind === "ignored" ? "ignored" : "accepted";
      if (replayedFrom === void 0) stats[outcome]++;
      entry = {
        receivedAtMs: inbound.receivedAtMs,
        topic: inbound.topic,
        payload: holdsSecrets(event) ? NO_PAYLOAD2 : inbound.payload,
        outcome
      };
      if (logger.isEnabled("debug")) logger.log("debug", `${outcome} ${event.kind} from ${inbound.topic}`);
    } else if (replayedFrom !== void 0) {
      const again = {
        receivedAtMs: inbound.receivedAtMs,
        topic: inbound.topic,
        payload: inbound.payload,
        outcome: "rejected",
        problemCode: decoded.problem.code,
        detail: describeProblem(decoded.problem),
        replayedFromMs: replayedFrom
      };
      done?.();
      return again;
    } else {
      entry = reject(inbound, decoded.problem);
    }
    if (replayedFrom !== void 0) entry.replayedFromMs = replayedFrom;
    pending.add(entry, done);
    requestFlush();
    return entry;
  }
  function guarded(inbound, done) {
    try {
      return handleMessage(inbound, done);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      logger.log("error", `could not handle a message on ${clipped(inbound.topic)}: ${why}`);
      done?.(error instanceof Error ? error : new Error(why));
      return null;
    }
  }
  if (pending.members.size > 0) requestFlush();
  return {
    handle: (inbound, done) => guarded(inbound, done)?.outcome ?? "rejected",
    handleJournaled(inbound, done) {
      const entry = guarded(inbound, done);
      return entry && (lastMove ? { entry, moved: lastMove } : { entry });
    },
    tick() {
      try {
        apply({ kind: "tick" }, now());
        if (pending.members.size > 0) requestFlush();
      } catch (error) {
        logger.log(
          "error",
          `could not settle the hands: ${error instanceof Error ? error.message : String(error)}`
        );
      }
    },
    flush,
    refresh: () => notify([]),
    view: currentView,
    state: () => state,
    stats: () => ({ ...stats, rejectedByReason: { ...stats.rejectedByReason } }),
    addOutput(output) {
      outputs.add(output);
      output.show(currentView(), []);
      return () => outputs.delete(output);
    }
  };
}

// src/app/topic-spellings.ts
function createTopicSpellings(meta, onError = () => {
}) {
  const known = /* @__PURE__ */ new Map();
  const keyOf2 = (deviceId) => `topic_id:${deviceId}`;
  const topicIdOf = (deviceId) => {
    let spelled = known.get(deviceId);
    if (spelled === void 0) {
      spelled = deviceId;
      try {
        spelled = meta.get(keyOf2(deviceId)) ?? deviceId;
      } catch (error) {
        onError(error);
      }
      known.set(deviceId, spelled);
    }
    return spelled;
  };
  return {
    // Called while a message is decoded: it must not throw into the message's handling.
    saw(deviceId, spelled) {
      if (topicIdOf(deviceId) === spelled) return;
      known.set(deviceId, spelled);
      try {
        meta.set(keyOf2(deviceId), spelled);
      } catch (error) {
        onError(error);
      }
    },
    topicIdOf
  };
}

// src/app/family-pipeline.ts
function createFamilyPipeline(config, deps) {
  const { logger } = deps;
  const meta = createMeta(deps.db);
  const keyring = createKeyring({
    ...config.encryptionKey === void 0 ? {} : { family: config.encryptionKey },
    devices: new Map(
      config.devices.flatMap((d) => d.encryptionKey ? [[d.deviceId, d.encryptionKey]] : [])
    ),
    remember: meta,
    sealedForGood: config.broker.kind === "external",
    ...deps.onDeviceTurnedPlain ? { onTurnedPlain: deps.onDeviceTurnedPlain } : {}
  });
  const spellings = createTopicSpellings(
    meta,
    (error) => logger.log("warn", `could not save how a phone spells its device id: ${error.message}`)
  );
  const pipeline3 = createPipeline({
    decrypt: keyring.decrypt,
    // Only where there are keys: a family without any seals nothing anyway.
    ...keyring.hasKeys() ? { sentPlain: keyring.sentPlain } : {},
    onDeviceSpelling: spellings.saw,
    deviceSpelledOtherwise: (deviceId) => spellings.topicIdOf(deviceId) !== deviceId,
    settings: config.settings,
    display: config.display,
    store: deps.store,
    logger,
    now: Date.now,
    connection: deps.connection
  });
  return { pipeline: pipeline3, keyring, meta, spellings };
}

// src/app/served-broker.ts
var import_node_fs12 = require("node:fs");
var import_node_path11 = __toESM(require("node:path"));

// node_modules/aedes/aedes.js
var import_node_events2 = __toESM(require("node:events"), 1);
var import_node_crypto7 = require("node:crypto");
var import_node_util = require("node:util");
var import_aedes_packet4 = __toESM(require_packet(), 1);
var import_aedes_persistence = __toESM(require("aedes-persistence"), 1);
var import_mqemitter = __toESM(require_mqemitter(), 1);

// node_modules/aedes/lib/client.js
var import_mqtt_packet2 = __toESM(require_mqtt(), 1);
var import_node_events = __toESM(require("node:events"), 1);
var import_util = __toESM(require("util"), 1);
var import_aedes_packet3 = __toESM(require_packet(), 1);

// node_modules/aedes/lib/write.js
var import_mqtt_packet = __toESM(require_mqtt(), 1);
function write(client, packet, done) {
  let error = null;
  if (client.connecting || client.connected) {
    try {
      const result = import_mqtt_packet.default.writeToStream(packet, client.conn);
      if (!result && !client.errored) {
        client.waitForDrain(done);
        return;
      }
    } catch (e) {
      error = new Error("packet received not valid");
    }
  } else {
    error = new Error("connection closed");
  }
  setImmediate(done, error, client);
}
var write_default = write;

// node_modules/aedes/lib/qos-packet.js
var import_aedes_packet = __toESM(require_packet(), 1);
var QoSPacket = class extends import_aedes_packet.default {
  constructor(original, client) {
    super(original, client.broker);
    this.writeCallback = client._onError.bind(client);
    if (!original.messageId) {
      this.messageId = client._nextId;
      if (client._nextId >= 65535) {
        client._nextId = 1;
      } else {
        client._nextId++;
      }
    } else {
      this.messageId = original.messageId;
    }
  }
};
var qos_packet_default = QoSPacket;

// node_modules/aedes/lib/handlers/subscribe.js
var import_aedes_packet2 = __toESM(require_packet(), 1);

// node_modules/aedes/lib/utils.js
var import_stream = require("stream");
function noop() {
}
function topicLevelCount(topic) {
  if (typeof topic !== "string") return 0;
  let levels = 1;
  for (let i = 0; i < topic.length; i++) {
    if (topic.charCodeAt(i) === 47) levels++;
  }
  return levels;
}
function validateTopic(topic, message, maxTopicLevels) {
  if (!topic || topic.length === 0) {
    return new Error("impossible to " + message + " to an empty topic");
  }
  if (maxTopicLevels && topicLevelCount(topic) > maxTopicLevels) {
    return new Error("topic has too many levels");
  }
  const end = topic.length - 1;
  const endMinus = end - 1;
  const slashInPreEnd = endMinus > 0 && topic.charCodeAt(endMinus) !== 47;
  for (let i = 0; i < topic.length; i++) {
    switch (topic.charCodeAt(i)) {
      case 35: {
        const notAtTheEnd = i !== end;
        if (notAtTheEnd || slashInPreEnd) {
          return new Error("# is only allowed in " + message + " in the last position");
        }
        break;
      }
      case 43: {
        const pastChar = i < end - 1 && topic.charCodeAt(i + 1) !== 47;
        const preChar = i > 1 && topic.charCodeAt(i - 1) !== 47;
        if (pastChar || preChar) {
          return new Error("+ is only allowed in " + message + " between /");
        }
        break;
      }
    }
  }
}
function through(transform) {
  return new import_stream.Transform({
    objectMode: true,
    transform
  });
}
function runFall(fns) {
  return function(arg, cb) {
    let i = 0;
    const ctx = this;
    function next(err, nextarg) {
      if (err || i === fns.length) {
        if (typeof cb === "function") {
          cb.call(ctx, err, nextarg);
        }
        return;
      }
      const fn = fns[i++];
      fn.call(ctx, nextarg, next);
    }
    next(null, arg);
  };
}
function runSeries(state, actions, packet, done) {
  done = (done || noop).bind(state);
  let i = 0;
  function next(err) {
    if (err || i === actions.length) return done(err);
    actions[i++].call(state, packet, next);
  }
  next();
}
function runParallel(state, fn, items, done) {
  done = (done || noop).bind(state);
  let remaining = items.length;
  if (remaining === 0) return done();
  let finished2 = false;
  function cb(err) {
    if (finished2) return;
    if (err) {
      finished2 = true;
      return done(err);
    }
    if (--remaining === 0) {
      finished2 = true;
      done();
    }
  }
  for (let i = 0; i < items.length; i++) {
    fn.call(state, items[i], cb);
  }
}
function once(fn) {
  let called = false;
  return function(err) {
    if (called) return;
    called = true;
    fn(err);
  };
}
async function* batch(readable, fn, batchSize) {
  let chunks = [];
  for await (const chunk of readable) {
    chunks.push(fn(chunk));
    if (chunks.length === batchSize) {
      yield chunks;
      chunks = [];
    }
  }
  if (chunks.length > 0) {
    yield chunks;
  }
}
var $SYS_PREFIX = "$SYS/";

// node_modules/aedes/lib/handlers/subscribe.js
var subscribeTopicActions = runFall([
  authorize,
  storeSubscriptions,
  addSubs
]);
var restoreTopicActions = runFall([
  authorize,
  addSubs
]);
var SubAck = class {
  constructor(packet, granted) {
    this.cmd = "suback";
    this.messageId = packet.messageId;
    this.granted = granted;
  }
};
var Subscription = class {
  constructor(qos, func, rh, rap, nl) {
    this.qos = qos;
    this.func = func;
    this.rh = rh;
    this.rap = rap;
    this.nl = nl;
  }
};
var SubscribeState = class {
  constructor(client, packet, restore, finish2) {
    this.client = client;
    this.packet = packet;
    this.actions = restore ? restoreTopicActions : subscribeTopicActions;
    this.finish = finish2;
    this.subState = [];
  }
};
var SubState = class {
  constructor(client, packet, granted, rh, rap, nl) {
    this.client = client;
    this.packet = packet;
    this.granted = granted;
    this.rh = rh;
    this.rap = rap;
    this.nl = nl;
  }
};
function _dedupe(subs) {
  const dedupeSubs = /* @__PURE__ */ new Map();
  for (let i = 0; i < subs.length; i++) {
    const sub = subs[i];
    dedupeSubs.set(sub.topic, sub);
  }
  return [...dedupeSubs.values()];
}
function handleSubscribe(client, packet, restore, finish2) {
  const done = once(finish2);
  packet.subscriptions = packet.subscriptions.length === 1 ? packet.subscriptions : _dedupe(packet.subscriptions);
  const state = new SubscribeState(client, packet, restore, done);
  runParallel(state, doSubscribe, packet.subscriptions, (err) => {
    if (err) {
      done(err);
    } else if (restore) {
      done();
    } else {
      completeSubscribe.call(state);
    }
  });
}
function doSubscribe(sub, done) {
  const s = new SubState(this.client, this.packet, sub.qos, sub.rh, sub.rap, sub.nl);
  this.subState.push(s);
  this.actions.call(s, sub, done);
}
function authorize(sub, done) {
  const client = this.client;
  const err = validateTopic(sub.topic, "SUBSCRIBE", client.broker.maxTopicLevels);
  if (err) {
    return done(err);
  }
  client.broker.authorizeSubscribe(client, sub, done);
}
function blockDollarSignTopics(func) {
  return function deliverSharp(packet, cb) {
    if (packet.topic.charCodeAt(0) === 36) {
      cb();
    } else {
      func(packet, cb);
    }
  };
}
function storeSubscriptions(sub, done) {
  if (!sub || typeof sub !== "object") {
    this.granted = 128;
    return done(null, null);
  }
  const packet = this.packet;
  const client = this.client;
  if (client.clean) {
    return done(null, sub);
  }
  client.broker.persistence.addSubscriptions(client, packet.subscriptions).then(() => done(null, sub), (err) => done(err, sub));
}
function addSubs(sub, done) {
  if (!sub || typeof sub !== "object") {
    return done();
  }
  const client = this.client;
  const broker = client.broker;
  const topic = sub.topic;
  const qos = sub.qos;
  const rh = this.rh;
  const rap = this.rap;
  const nl = this.nl;
  let func = qos > 0 ? client.deliverQoS : client.deliver0;
  const deliverFunc = func;
  func = function handlePacketSubscription(_packet, cb) {
    _packet = new import_aedes_packet2.default(_packet, broker);
    _packet.nl = nl;
    if (!rap) _packet.retain = false;
    deliverFunc(_packet, cb);
  };
  if (isStartsWithWildcard(topic)) {
    func = blockDollarSignTopics(func);
  }
  if (client.closed || client.broker.closed) {
    return;
  }
  if (!client.subscriptions[topic]) {
    client.subscriptions[topic] = new Subscription(qos, func, rh, rap, nl);
    broker.subscribe(topic, func, done);
  } else if (client.subscriptions[topic].qos !== qos || client.subscriptions[topic].rh !== rh || client.subscriptions[topic].rap !== rap || client.subscriptions[topic].nl !== nl) {
    broker.unsubscribe(topic, client.subscriptions[topic].func);
    client.subscriptions[topic] = new Subscription(qos, func, rh, rap, nl);
    broker.subscribe(topic, func, done);
  } else {
    done();
  }
}
function isStartsWithWildcard(topic) {
  const code = topic.charCodeAt(0);
  return code === 43 || code === 35;
}
function completeSubscribe() {
  const done = this.finish;
  const packet = this.packet;
  const client = this.client;
  if (packet.messageId !== void 0) {
    write_default(
      client,
      new SubAck(packet, this.subState.map((obj) => obj.granted)),
      done
    );
  } else {
    done();
  }
  const broker = client.broker;
  const subs = packet.subscriptions;
  const topics = [];
  for (let i = 0; i < subs.length; i++) {
    if (this.subState[i].granted !== 128) {
      topics.push(subs[i].topic);
    }
    subs[i].qos = this.subState[i].granted;
  }
  this.subState = [];
  broker.emit("subscribe", subs, client);
  broker.publish({
    topic: $SYS_PREFIX + broker.id + "/new/subscribes",
    payload: Buffer.from(JSON.stringify({
      clientId: client.id,
      subs
    }), "utf8")
  }, noop2);
  if (topics.length > 0) {
    const persistence = broker.persistence;
    const stream = persistence.createRetainedStreamCombi(topics);
    stream.pipe(through(function sendRetained(packet2, enc, cb) {
      packet2 = new import_aedes_packet2.default({
        cmd: packet2.cmd,
        qos: packet2.qos,
        topic: packet2.topic,
        payload: packet2.payload,
        retain: true
      }, broker);
      packet2.brokerId = null;
      client.deliverQoS(packet2, cb);
    }));
  }
}
function noop2() {
}
var subscribe_default = handleSubscribe;

// node_modules/aedes/lib/handlers/unsubscribe.js
var UnSubAck = class {
  constructor(packet) {
    this.cmd = "unsuback";
    this.messageId = packet.messageId;
  }
};
var UnsubscribeState = class {
  constructor(client, packet, finish2) {
    this.client = client;
    this.packet = packet;
    this.finish = finish2;
  }
};
function handleUnsubscribe(client, packet, finish2) {
  const done = once(finish2);
  const broker = client.broker;
  const unsubscriptions = packet.unsubscriptions;
  let err;
  for (let i = 0; i < unsubscriptions.length; i++) {
    err = validateTopic(unsubscriptions[i], "UNSUBSCRIBE", broker.maxTopicLevels);
    if (err) {
      return done(err);
    }
  }
  if (packet.messageId !== void 0) {
    if (client.clean) {
      return actualUnsubscribe(client, packet, done);
    }
    broker.persistence.removeSubscriptions(client, unsubscriptions).then(() => actualUnsubscribe(client, packet, done), done);
  } else {
    actualUnsubscribe(client, packet, done);
  }
}
function actualUnsubscribe(client, packet, done) {
  const state = new UnsubscribeState(client, packet, done);
  runParallel(state, doUnsubscribe, packet.unsubscriptions, (err) => {
    completeUnsubscribe.call(state, err);
  });
}
function doUnsubscribe(sub, done) {
  const client = this.client;
  const broker = client.broker;
  const s = client.subscriptions[sub];
  if (s) {
    const func = s.func;
    broker.unsubscribe(
      sub,
      func,
      (err) => {
        if (err) {
          done(err);
        } else {
          delete client.subscriptions[sub];
          done();
        }
      }
    );
  } else {
    done();
  }
}
function completeUnsubscribe(err) {
  const client = this.client;
  const done = this.finish;
  if (err) {
    client.emit("error", err);
    return done(err);
  }
  const packet = this.packet;
  if (packet.messageId !== void 0) {
    write_default(
      client,
      new UnSubAck(packet),
      done
    );
  } else {
    done();
  }
  if ((!client.closed || client.clean === true) && packet.unsubscriptions.length > 0) {
    client.broker.emit("unsubscribe", packet.unsubscriptions, client);
    client.broker.publish({
      topic: $SYS_PREFIX + client.broker.id + "/new/unsubscribes",
      payload: Buffer.from(JSON.stringify({
        clientId: client.id,
        subs: packet.unsubscriptions
      }), "utf8")
    }, noop3);
  }
}
function noop3() {
}
var unsubscribe_default = handleUnsubscribe;

// node_modules/aedes/lib/handlers/connect.js
var import_node_crypto6 = require("node:crypto");
var import_stream2 = require("stream");
var Connack = class {
  constructor(arg) {
    this.cmd = "connack";
    this.returnCode = arg.returnCode;
    this.sessionPresent = arg.sessionPresent;
  }
};
var ClientPacketStatus = class {
  constructor(client, packet) {
    this.client = client;
    this.packet = packet;
  }
};
var connectActions = [
  authenticate,
  setKeepAlive,
  fetchSubs,
  restoreSubs,
  storeWill,
  registerClient,
  cleanIncoming,
  doConnack,
  emptyQueue
];
var errorMessages = [
  "",
  "unacceptable protocol version",
  "identifier rejected",
  "Server unavailable",
  "bad user name or password",
  "not authorized",
  "keep alive limit exceeded"
];
function handleConnect(client, packet, done) {
  clearTimeout(client._connectTimer);
  client._connectTimer = null;
  client.connecting = true;
  client.broker.preConnect(client, packet, negate);
  function negate(err, successful) {
    if (!err && successful === true) {
      setImmediate(init, client, packet, done);
    } else {
      client.connecting = false;
      done(err);
    }
  }
}
function init(client, packet, done) {
  const clientId = packet.clientId;
  let returnCode = 0;
  if (packet.protocolVersion < 3 || packet.protocolVersion > 4) {
    returnCode = 1;
  }
  if (packet.protocolVersion === 3 && clientId.length > client.broker.maxClientsIdLength) {
    returnCode = 2;
  }
  if (client.broker.keepaliveLimit && (!packet.keepalive || packet.keepalive > client.broker.keepaliveLimit)) {
    returnCode = 6;
  }
  if (returnCode > 0) {
    const error = new Error(errorMessages[returnCode]);
    error.errorCode = returnCode;
    doConnack(
      { client, returnCode, sessionPresent: false },
      done.bind(this, error)
    );
    return;
  }
  client.id = clientId || "aedes_" + (0, import_node_crypto6.randomUUID)();
  client.clean = packet.clean;
  client.version = packet.protocolVersion;
  client._will = packet.will;
  runSeries(
    new ClientPacketStatus(client, packet),
    connectActions,
    { returnCode: 0, sessionPresent: false },
    // [MQTT-3.1.4-4], [MQTT-3.2.2-4]
    function(err) {
      this.client.connecting = false;
      if (!err) {
        this.client.connected = true;
        this.client.broker.emit("clientReady", client);
        this.client.emit("connected");
      }
      done(err);
    }
  );
}
function authenticate(arg, done) {
  const client = this.client;
  client.pause();
  client.broker.authenticate(
    client,
    this.packet.username,
    this.packet.password,
    negate
  );
  function negate(err, successful) {
    if (client.closed || client.broker.closed) {
      return;
    }
    if (!err && successful) {
      client._authorized = true;
      return done();
    }
    if (err) {
      const errCode = err.returnCode;
      if (errCode && (errCode >= 2 && errCode <= 5)) {
        arg.returnCode = errCode;
      } else {
        arg.returnCode = 5;
      }
      if (!err.message) {
        err.message = errorMessages[arg.returnCode];
      }
    } else {
      arg.returnCode = 5;
      err = new Error(errorMessages[arg.returnCode]);
    }
    err.errorCode = arg.returnCode;
    arg.client = client;
    doConnack(
      arg,
      // [MQTT-3.2.2-5]
      client.close.bind(client, done.bind(this, err))
    );
  }
}
function setKeepAlive(arg, done) {
  if (this.packet.keepalive > 0) {
    let keepaliveTimeout = function() {
      client.broker.emit("keepaliveTimeout", client);
      client.emit("error", new Error("keep alive timeout"));
    };
    const client = this.client;
    client._keepaliveInterval = this.packet.keepalive * 1500 + 1;
    client._keepaliveTimer = setTimeout(keepaliveTimeout, client._keepaliveInterval);
  }
  done();
}
function fetchSubs(arg, done) {
  const client = this.client;
  if (!this.packet.clean) {
    const subsClient = {
      id: client.id,
      done,
      arg
    };
    client.broker.persistence.subscriptionsByClient({ id: client.id }).then((subs) => gotSubs(subs, subsClient), subsClient.done);
    return;
  }
  arg.sessionPresent = false;
  client.broker.persistence.cleanSubscriptions(client).then(() => done(null), done);
}
function cleanIncoming(arg, done) {
  const client = this.client;
  if (!this.packet.clean) {
    return done(null);
  }
  const persistence = client.broker.persistence;
  Promise.resolve().then(() => typeof persistence.cleanIncoming === "function" && persistence.cleanIncoming(client)).then(() => done(null), done);
}
function gotSubs(subs, client) {
  client.arg.subs = subs.length > 0 ? subs : null;
  client.done();
}
function restoreSubs(arg, done) {
  if (arg.subs) {
    subscribe_default(this.client, { subscriptions: arg.subs }, true, done);
    arg.sessionPresent = !!arg.subs;
    return;
  }
  arg.sessionPresent = false;
  done();
}
function storeWill(arg, done) {
  const client = this.client;
  client.will = client._will;
  client.broker.persistence.delWill(client).finally(() => {
    if (client.will) {
      client.broker.persistence.putWill(client, client.will).then(() => done(null, client), done);
    } else {
      done();
    }
  });
}
function registerClient(arg, done) {
  const client = this.client;
  client.broker.registerClient(client);
  done();
}
function doConnack(arg, done) {
  const client = arg.client || this.client;
  const connack = new Connack(arg);
  write_default(client, connack, function(err) {
    if (!err) {
      client.broker.emit("connackSent", connack, client);
      client.connackSent = true;
    }
    done(err);
  });
}
function emptyQueue(arg, done) {
  const client = this.client;
  const persistence = client.broker.persistence;
  const outgoing = persistence.outgoingStream(client);
  client.resume();
  (0, import_stream2.pipeline)(
    outgoing,
    through(function clearQueue(data, enc, next) {
      const packet = new qos_packet_default(data, client);
      packet.writeCallback = (error, _client) => next(error);
      const filter = (err) => emptyQueueFilter(err, client, packet);
      persistence.outgoingUpdate(client, packet).then(() => filter(null, client, packet), (err) => filter(err, client, packet));
    }),
    done
  );
}
function emptyQueueFilter(err, client, packet) {
  const next = packet.writeCallback;
  if (err) {
    client.emit("error", err);
    return next();
  }
  const authorized = packet.cmd === "publish" ? client.broker.authorizeForward(client, packet) : true;
  const persistence = client.broker.persistence;
  if (client.clean || !authorized) {
    persistence.outgoingClearMessageId(client, packet).then((packet2) => next(null, packet2), next);
  } else {
    write_default(client, packet, next);
  }
}
var connect_default = handleConnect;

// node_modules/aedes/lib/handlers/publish.js
var PubAck = class {
  constructor(packet) {
    this.cmd = "puback";
    this.messageId = packet.messageId;
  }
};
var PubRec = class {
  constructor(packet) {
    this.cmd = "pubrec";
    this.messageId = packet.messageId;
  }
};
var publishActions = [
  authorizePublish,
  enqueuePublish
];
function handlePublish(client, packet, done) {
  const topic = packet.topic;
  let err;
  if (topic.length === 0) {
    err = new Error("empty topic not allowed in PUBLISH");
    return done(err);
  }
  if (topic.indexOf("#") > -1) {
    err = new Error("# is not allowed in PUBLISH");
    return done(err);
  }
  if (topic.indexOf("+") > -1) {
    err = new Error("+ is not allowed in PUBLISH");
    return done(err);
  }
  if (topicLevelCount(topic) > client.broker.maxTopicLevels) {
    err = new Error("topic has too many levels");
    return done(err);
  }
  runSeries(client, publishActions, packet, done);
}
function enqueuePublish(packet, done) {
  const client = this;
  switch (packet.qos) {
    case 2:
      client.broker.persistence.incomingGetPacket(client, packet).then(() => {
        write_default(client, new PubRec(packet), done);
      }, () => {
        const inflight = client._inboundInflight;
        const limit = client.broker.maxInflightInbound;
        if (limit > 0 && !inflight.has(packet.messageId) && inflight.size >= limit) {
          return done(new Error("maxInflightInbound exceeded: " + limit + " inbound QoS 2 messages already awaiting PUBREL"));
        }
        inflight.add(packet.messageId);
        client.broker.persistence.incomingStorePacket(client, packet).then(() => {
          client.broker.publish(packet, client, (err) => {
            if (err) {
              return done(err);
            }
            write_default(client, new PubRec(packet), done);
          });
        }, (err) => {
          inflight.delete(packet.messageId);
          done(err);
        });
      });
      break;
    case 1:
      write_default(client, new PubAck(packet), function(err) {
        if (err) {
          return done(err);
        }
        client.broker.publish(packet, client, done);
      });
      break;
    case 0:
      client.broker.publish(packet, client, done);
      break;
    default:
  }
}
function authorizePublish(packet, done) {
  this.broker.authorizePublish(this, packet, done);
}
var publish_default = handlePublish;

// node_modules/aedes/lib/handlers/puback.js
function handlePuback(client, packet, done) {
  const persistence = client.broker.persistence;
  const emitAck = (err, origPacket) => {
    client.broker.emit("ack", origPacket, client);
    done(err);
  };
  persistence.outgoingClearMessageId(client, packet).then((packet2) => emitAck(null, packet2), emitAck);
}
var puback_default = handlePuback;

// node_modules/aedes/lib/handlers/pubrel.js
var ClientPacketStatus2 = class {
  constructor(client, packet) {
    this.client = client;
    this.packet = packet;
  }
};
var PubComp = class {
  constructor(packet) {
    this.cmd = "pubcomp";
    this.messageId = packet.messageId;
  }
};
var pubrelActions = [
  pubrelGet,
  pubrelDelete,
  pubrelWrite
];
function handlePubrel(client, packet, done) {
  runSeries(
    new ClientPacketStatus2(client, packet),
    pubrelActions,
    {},
    done
  );
}
function pubrelGet(arg, done) {
  const persistence = this.client.broker.persistence;
  persistence.incomingGetPacket(this.client, this.packet).then((packet) => {
    arg.packet = this.packet;
    arg.foundInStore = !!packet;
    done(null, arg);
  }, () => {
    arg.packet = this.packet;
    arg.foundInStore = false;
    done(null, arg);
  });
}
function pubrelDelete(arg, done) {
  if (!arg.foundInStore) {
    return done(null, arg);
  }
  const client = this.client;
  const persistence = client.broker.persistence;
  persistence.incomingDelPacket(client, arg.packet).then(() => {
    client._inboundInflight.delete(arg.packet.messageId);
    done(null, arg);
  }, () => {
    done(null, arg);
  });
}
function pubrelWrite(arg, done) {
  write_default(this.client, new PubComp(arg.packet), done);
}
var pubrel_default = handlePubrel;

// node_modules/aedes/lib/handlers/pubrec.js
var PubRel = class {
  constructor(packet) {
    this.cmd = "pubrel";
    this.messageId = packet.messageId;
  }
};
function handlePubrec(client, packet, done) {
  const pubrel = new PubRel(packet);
  if (client.clean) {
    write_default(client, pubrel, done);
    return;
  }
  client.broker.persistence.outgoingUpdate(client, pubrel).then(() => write_default(client, pubrel, done), done);
}
var pubrec_default = handlePubrec;

// node_modules/aedes/lib/handlers/ping.js
var pingResp = {
  cmd: "pingresp"
};
function handlePing(client, packet, done) {
  client.broker.emit("ping", packet, client);
  write_default(client, pingResp, done);
}
var ping_default = handlePing;

// node_modules/aedes/lib/handlers/index.js
function handle(client, packet, done) {
  if (packet.cmd === "connect") {
    if (client.connecting || client.connected) {
      finish(client.conn, packet, done);
      return;
    }
    connect_default(client, packet, done);
    return;
  }
  if (!client.connecting && !client.connected) {
    finish(client.conn, packet, done);
    return;
  }
  switch (packet.cmd) {
    case "publish":
      publish_default(client, packet, done);
      break;
    case "subscribe":
      subscribe_default(client, packet, false, done);
      break;
    case "unsubscribe":
      unsubscribe_default(client, packet, done);
      break;
    case "pubcomp":
    case "puback":
      puback_default(client, packet, done);
      break;
    case "pubrel":
      pubrel_default(client, packet, done);
      break;
    case "pubrec":
      pubrec_default(client, packet, done);
      break;
    case "pingreq":
      ping_default(client, packet, done);
      break;
    case "disconnect":
      client._disconnected = true;
      client.conn.destroy();
      done();
      return;
    default:
      client.conn.destroy();
      done();
      return;
  }
  if (client._keepaliveInterval > 0) {
    client._keepaliveTimer.refresh();
  }
}
function finish(conn, packet, done) {
  conn.destroy();
  const error = new Error("Invalid protocol");
  error.info = packet;
  done(error);
}
var handlers_default = handle;

// node_modules/aedes/lib/client.js
var import_stream3 = require("stream");
var Client = class {
  constructor(broker, conn, req) {
    const that = this;
    this.closed = false;
    this.connecting = false;
    this.connected = false;
    this.connackSent = false;
    this.errored = false;
    this.id = null;
    this.clean = true;
    this.version = null;
    this.subscriptions = /* @__PURE__ */ Object.create(null);
    this.duplicates = /* @__PURE__ */ Object.create(null);
    this.broker = broker;
    this.conn = conn;
    conn.client = this;
    this._disconnected = false;
    this._authorized = false;
    this._parsingBatch = 1;
    this._nextId = Math.ceil(Math.random() * 65535);
    this._inboundInflight = /* @__PURE__ */ new Set();
    this._drainTimer = null;
    this._pendingDrains = [];
    this.req = req;
    this.connDetails = req ? req.connDetails : null;
    this.will = null;
    this._will = null;
    this._parser = import_mqtt_packet2.default.parser();
    this._parser.client = this;
    this._parser._queue = [];
    this._parser.on("packet", enqueue);
    this.once("connected", dequeue);
    function nextBatch(err) {
      if (err) {
        that.emit("error", err);
        return;
      }
      const client = that;
      if (client._paused) {
        return;
      }
      that._parsingBatch--;
      if (that._parsingBatch <= 0) {
        that._parsingBatch = 0;
        const buf = client.conn.read(null);
        if (buf) {
          client._parser.parse(buf);
        }
      }
    }
    this._nextBatch = nextBatch;
    conn.on("readable", nextBatch);
    this.on("error", this._onError);
    conn.on("error", this.emit.bind(this, "error"));
    this._parser.on("error", this.emit.bind(this, "error"));
    conn.on("end", this.close.bind(this));
    this._eos = (0, import_stream3.finished)(this.conn, this.close.bind(this));
    const getToForwardPacket = (_packet) => {
      if (_packet.clientId === that.id && _packet.nl) return;
      const toForward = dedupe(that, _packet) && that.broker.authorizeForward(that, _packet);
      return toForward;
    };
    this.deliver0 = function deliverQoS0(_packet, cb) {
      const toForward = getToForwardPacket(_packet);
      if (toForward) {
        setImmediate(() => {
          const packet = new import_aedes_packet3.default(toForward, broker);
          packet.qos = 0;
          write_default(that, packet, function(err) {
            that._onError(err);
            cb();
          });
        });
      } else {
        setImmediate(cb);
      }
    };
    this.deliverQoS = function deliverQoS(_packet, cb) {
      if (_packet.qos === 0) {
        that.deliver0(_packet, cb);
        return;
      }
      const toForward = getToForwardPacket(_packet);
      if (toForward) {
        setImmediate(() => {
          const packet = new qos_packet_default(toForward, that);
          const clientSub = that.subscriptions[packet.topic];
          if (clientSub && (clientSub.qos || 0) < packet.qos) {
            packet.qos = clientSub.qos;
          }
          packet.writeCallback = cb;
          const doWriteQoS = (err = null) => writeQoS(err, that, packet);
          if (that.clean || packet.retain) {
            doWriteQoS();
          } else {
            broker.persistence.outgoingUpdate(that, packet).then(doWriteQoS, doWriteQoS);
          }
        });
      } else if (that.clean === false) {
        that.broker.persistence.outgoingClearMessageId(that, _packet).then(noop4, noop4);
        setImmediate(cb);
      } else {
        setImmediate(cb);
      }
    };
    this._keepaliveTimer = null;
    this._keepaliveInterval = -1;
    this._connectTimer = setTimeout(function() {
      that.emit("error", new Error("connect did not arrive in time"));
    }, broker.connectTimeout);
  }
  _onError(err) {
    if (!err) return;
    this.errored = true;
    this.conn.removeAllListeners("error");
    this.conn.on("error", noop4);
    if (!this.conn.destroyed) {
      this.conn.destroy(err);
    }
    this.broker.emit(this.id ? "clientError" : "connectionError", this, err);
    this.close();
  }
  publish(message, done) {
    const packet = new import_aedes_packet3.default(message, this.broker);
    const that = this;
    if (packet.qos === 0) {
      this.deliver0(packet, done);
      return;
    }
    if (!this.clean && this.id) {
      this.broker.persistence.outgoingEnqueue({ clientId: this.id }, packet).then(() => that.deliverQoS(packet, done), done);
    } else {
      that.deliverQoS(packet, done);
    }
  }
  subscribe(packet, done) {
    if (!packet.subscriptions) {
      if (!Array.isArray(packet)) {
        packet = [packet];
      }
      packet = {
        subscriptions: packet
      };
    }
    subscribe_default(this, packet, false, done);
  }
  unsubscribe(packet, done) {
    if (!packet.unsubscriptions) {
      if (!Array.isArray(packet)) {
        packet = [packet];
      }
      packet = {
        unsubscriptions: packet
      };
    }
    unsubscribe_default(this, packet, done);
  }
  /**
   * Handle successful drain - socket is writable again
   * Clears timer and completes all pending drain callbacks
   */
  _handleDrain() {
    if (this._drainTimer) {
      clearTimeout(this._drainTimer);
      this._drainTimer = null;
    }
    const pending = this._pendingDrains;
    this._pendingDrains = [];
    for (let i = 0; i < pending.length; i++) {
      setImmediate(pending[i], null, this);
    }
  }
  /**
   * Handle drain timeout - client failed to drain within timeout
   * Disconnects the client and fails all pending callbacks
   */
  _handleDrainTimeout() {
    this._drainTimer = null;
    if (this._onDrainBound) {
      this.conn.removeListener("drain", this._onDrainBound);
    }
    const error = new Error("drain timeout");
    const pending = this._pendingDrains;
    this._pendingDrains = [];
    for (let i = 0; i < pending.length; i++) {
      setImmediate(pending[i], error, this);
    }
    this.conn.destroy(error);
  }
  /**
   * Register a callback to be called when socket drains
   * Uses per-client coalesced timer to reduce timer overhead
   * @param {Function} callback - called with (err, client)
   */
  waitForDrain(callback) {
    const drainTimeout = this.broker?.opts?.drainTimeout;
    if (drainTimeout > 0) {
      this._pendingDrains.push(callback);
      if (!this._drainTimer) {
        if (!this._onDrainBound) {
          this._onDrainBound = this._handleDrain.bind(this);
        }
        this.conn.once("drain", this._onDrainBound);
        this._drainTimer = setTimeout(
          this._handleDrainTimeout.bind(this),
          drainTimeout
        );
        this._drainTimer.unref();
      }
    } else {
      this.conn.once("drain", callback);
    }
  }
  close(done) {
    if (this.closed) {
      if (typeof done === "function") {
        done();
      }
      return;
    }
    const that = this;
    const conn = this.conn;
    this.closed = true;
    this._parser.removeAllListeners("packet");
    conn.removeAllListeners("readable");
    this._parser._queue = null;
    if (this._keepaliveTimer) {
      clearTimeout(this._keepaliveTimer);
      this._keepaliveInterval = -1;
      this._keepaliveTimer = null;
    }
    if (this._connectTimer) {
      clearTimeout(this._connectTimer);
      this._connectTimer = null;
    }
    if (this._drainTimer) {
      clearTimeout(this._drainTimer);
      this._drainTimer = null;
    }
    if (this._onDrainBound) {
      this.conn.removeListener("drain", this._onDrainBound);
    }
    const error = new Error("connection closed");
    const pending = this._pendingDrains;
    this._pendingDrains = [];
    for (let i = 0; i < pending.length; i++) {
      setImmediate(pending[i], error, this);
    }
    this._eos();
    this._eos = noop4;
    unsubscribe_default(
      this,
      {
        unsubscriptions: Object.keys(this.subscriptions)
      },
      finish2
    );
    function finish2() {
      const will = that.will;
      if (!that._disconnected && will) {
        that.broker.authorizePublish(that, will, function(err) {
          if (err) {
            return done2();
          }
          that.broker.publish(will, that, done2);
          function done2() {
            that.broker.persistence.delWill({
              id: that.id,
              brokerId: that.broker.id
            }).then(noop4, noop4);
          }
        });
      } else if (will) {
        that.broker.persistence.delWill({
          id: that.id,
          brokerId: that.broker.id
        }).then(noop4, noop4);
      }
      that.will = null;
      that._will = null;
      that.connected = false;
      that.connecting = false;
      conn.removeAllListeners("error");
      conn.on("error", noop4);
      if (that.broker.clients[that.id] && that._authorized) {
        that.broker.unregisterClient(that);
      }
      const persistence = that.broker.persistence;
      if (that.clean && typeof persistence?.cleanIncoming === "function") {
        persistence.cleanIncoming(that).then(noop4, noop4);
      }
      that.conn.emit("drain");
      that.conn.removeAllListeners("drain");
      conn.destroy();
      if (typeof done === "function") {
        done();
      }
    }
  }
  pause() {
    this._paused = true;
  }
  resume() {
    this._paused = false;
    this._nextBatch();
  }
  emptyOutgoingQueue(done) {
    const client = this;
    const persistence = client.broker.persistence;
    function filter(packet, enc, next) {
      persistence.outgoingClearMessageId(client, packet).then((pkt) => next(null, pkt), next);
    }
    (0, import_stream3.pipeline)(
      persistence.outgoingStream(client),
      through(filter),
      done
    );
  }
};
function dedupe(client, packet) {
  const id = packet.brokerId;
  if (!id) {
    return true;
  }
  const duplicates = client.duplicates;
  const counter = packet.brokerCounter;
  const result = (duplicates[id] || 0) < counter;
  if (result) {
    duplicates[id] = counter;
  }
  return result;
}
function writeQoS(err, client, packet) {
  if (err) {
    client.emit("error", err);
    packet.writeCallback();
  } else {
    write_default(client, packet, function(err2) {
      if (err2) {
        client.emit("error", err2);
      }
      packet.writeCallback();
    });
  }
}
import_util.default.inherits(Client, import_node_events.default);
function enqueue(packet) {
  const client = this.client;
  client._parsingBatch++;
  if (client.connackSent || client._parsingBatch === 1) {
    handlers_default(client, packet, client._nextBatch);
  } else {
    if (this._queue.length < client.broker.queueLimit) {
      this._queue.push(packet);
    } else {
      this.emit("error", new Error("Client queue limit reached"));
    }
  }
}
function dequeue() {
  const q = this._parser._queue;
  if (q) {
    for (let i = 0, len = q.length; i < len; i++) {
      handlers_default(this, q[i], this._nextBatch);
    }
    this._parser._queue = null;
  }
}
function noop4() {
}
var client_default = Client;

// node_modules/aedes/package.json
var package_default = {
  name: "aedes",
  version: "1.2.0",
  description: "Stream-based MQTT broker",
  exports: {
    ".": {
      types: "./aedes.d.ts",
      default: "./aedes.js"
    }
  },
  type: "module",
  types: "aedes.d.ts",
  scripts: {
    lint: "npm run lint:code && npm run lint:markdown",
    "lint:fix": "eslint --fix",
    "lint:code": "eslint",
    "lint:markdown": "markdownlint docs/*.md README.md",
    "lint:markdown:fix": "markdownlint --fix docs/*.md README.md",
    test: "npm run lint && npm run unit && npm run test:typescript",
    "test:ci": "npm run lint && npm run coverage && npm run test:typescript",
    "test:report": "npm run lint && npm run unit:report && npm run test:typescript",
    "test:typescript": "tsd",
    unit: "node checkVersion.js && npm run unit:v20win32 || npm run unit:other",
    "unit:v20win32": "node --test --test-timeout=180000",
    "unit:other": "node --test --test-timeout=180000 test/*.js test/*.cjs",
    coverage: "c8 --reporter=lcov npm run unit",
    "coverage:report": "c8 report",
    "license-checker": 'license-checker --production --onlyAllow="MIT;ISC;BSD-3-Clause;BSD-2-Clause;0BSD"',
    release: "read -p 'GITHUB_TOKEN: ' GITHUB_TOKEN && export GITHUB_TOKEN=$GITHUB_TOKEN && release-it",
    "release:beta": "read -p 'GITHUB_TOKEN: ' GITHUB_TOKEN && export GITHUB_TOKEN=$GITHUB_TOKEN && release-it --preRelease=beta --git.requireBranch=mqttv5"
  },
  "pre-commit": [
    "test"
  ],
  tsd: {
    directory: "test/types"
  },
  standard: {
    ignore: [
      "types/*",
      "test/types/*"
    ]
  },
  repository: {
    type: "git",
    url: "git+https://github.com/moscajs/aedes.git"
  },
  keywords: [
    "mqtt",
    "broker",
    "server",
    "mqtt-server",
    "stream",
    "streams",
    "publish",
    "subscribe",
    "pubsub",
    "messaging",
    "mosca",
    "mosquitto",
    "iot",
    "internet",
    "of",
    "things"
  ],
  author: "Matteo Collina <hello@matteocollina.com>",
  contributors: [
    {
      name: "Gavin D'mello",
      url: "https://github.com/GavinDmello"
    },
    {
      name: "Behrad Zari",
      url: "https://github.com/behrad"
    },
    {
      name: "Gnought",
      url: "https://github.com/gnought"
    },
    {
      name: "Daniel Lando",
      url: "https://github.com/robertsLando"
    }
  ],
  license: "MIT",
  funding: {
    type: "opencollective",
    url: "https://opencollective.com/aedes"
  },
  bugs: {
    url: "https://github.com/moscajs/aedes/issues"
  },
  homepage: "https://github.com/moscajs/aedes#readme",
  engines: {
    node: ">=20"
  },
  devDependencies: {
    "@fastify/pre-commit": "^2.2.1",
    "@types/node": "^26.4.0",
    c8: "^12.0.0",
    eslint: "^9.39.5",
    "license-checker": "^25.0.1",
    "markdownlint-cli": "^0.49.1",
    mqtt: "^5.15.2",
    neostandard: "^0.13.0",
    "release-it": "^21.0.2",
    "toxiproxy-node-client": "^4.1.0",
    tsd: "^0.33.0",
    ws: "^8.21.3"
  },
  dependencies: {
    "aedes-packet": "^4.0.1",
    "aedes-persistence": "^11.0.0",
    mqemitter: "^7.1.0",
    "mqtt-packet": "^9.0.2"
  },
  peerDependencies: {
    "aedes-persistence-level": "^9.1.2",
    "aedes-persistence-mongodb": "^9.3.1",
    "aedes-persistence-redis": "^11.2.1"
  },
  peerDependenciesMeta: {
    "aedes-persistence-level": {
      optional: true
    },
    "aedes-persistence-mongodb": {
      optional: true
    },
    "aedes-persistence-redis": {
      optional: true
    }
  },
  allowScripts: {
    "@fastify/pre-commit@2.2.1": true
  }
};

// node_modules/aedes/aedes.js
var defaultOptions = {
  concurrency: 100,
  heartbeatInterval: 6e4,
  // 1 minute
  connectTimeout: 3e4,
  // 30 secs
  drainTimeout: 6e4,
  // 60 secs - protects against slow/frozen clients by default, set to 0 to disable
  decodeProtocol: null,
  preConnect: defaultPreConnect,
  authenticate: defaultAuthenticate,
  authorizePublish: defaultAuthorizePublish,
  authorizeSubscribe: defaultAuthorizeSubscribe,
  authorizeForward: defaultAuthorizeForward,
  published: defaultPublished,
  trustProxy: false,
  trustedProxies: [],
  queueLimit: 42,
  // Hard cap on concurrent inbound in-flight QoS 2 PUBLISH per client (packets
  // stored awaiting PUBREL). Bounds the per-client incoming persistence map so
  // half-open QoS 2 handshakes cannot grow it toward its 16-bit messageId
  // ceiling. Well above what a pipelining publisher reaches, because MQTT
  // 3.1.1 has no way to advertise the window to the client. 0 = unlimited.
  maxInflightInbound: 1e3,
  maxClientsIdLength: 23,
  maxTopicLevels: 100,
  keepaliveLimit: 0
};
var version = package_default.version;
var MAX_TOPIC_LEVELS = 100;
var Aedes = class _Aedes extends import_node_events2.default {
  constructor(opts) {
    super();
    const that = this;
    opts = Object.assign({}, defaultOptions, opts);
    this.opts = opts;
    this.id = opts.id || (0, import_node_crypto7.randomUUID)();
    this.counter = 0;
    this.queueLimit = opts.queueLimit;
    this.maxInflightInbound = Number.isInteger(opts.maxInflightInbound) && opts.maxInflightInbound >= 0 ? opts.maxInflightInbound : defaultOptions.maxInflightInbound;
    this.connectTimeout = opts.connectTimeout;
    this.keepaliveLimit = opts.keepaliveLimit;
    this.maxClientsIdLength = opts.maxClientsIdLength;
    this.maxTopicLevels = Math.min(Math.max(opts.maxTopicLevels, 1), MAX_TOPIC_LEVELS);
    this.mq = opts.mq || (0, import_mqemitter.default)({
      concurrency: opts.concurrency,
      matchEmptyLevels: true
      // [MQTT-4.7.1-3]
    });
    this.handle = function handle2(conn, req) {
      conn.setMaxListeners(opts.concurrency * 2);
      return new client_default(that, conn, req);
    };
    this.preConnect = opts.preConnect;
    this.authenticate = opts.authenticate;
    this.authorizePublish = opts.authorizePublish;
    this.authorizeSubscribe = opts.authorizeSubscribe;
    this.authorizeForward = opts.authorizeForward;
    this.published = opts.published;
    this.decodeProtocol = opts.decodeProtocol;
    this.trustProxy = opts.trustProxy;
    this.trustedProxies = opts.trustedProxies;
    this.clients = /* @__PURE__ */ Object.create(null);
    this.brokers = /* @__PURE__ */ Object.create(null);
    this.closed = true;
  }
  async listen() {
    const opts = this.opts;
    const that = this;
    this.connectedClients = 0;
    this.closed = false;
    this.persistence = opts.persistence || (0, import_aedes_persistence.default)();
    if (this.persistence.setup.constructor.name !== "AsyncFunction") {
      throw new Error("persistence.setup() must be an async function");
    }
    await this.persistence.setup(this);
    const heartbeatTopic = $SYS_PREFIX + that.id + "/heartbeat";
    const birthTopic = $SYS_PREFIX + that.id + "/birth";
    this._heartbeatInterval = setInterval(heartbeat, opts.heartbeatInterval);
    const bufId = Buffer.from(that.id, "utf8");
    that.publish({
      topic: birthTopic,
      payload: bufId
    }, noop);
    function heartbeat() {
      that.publish({
        topic: heartbeatTopic,
        payload: bufId
      }, noop);
    }
    async function _clearWills() {
      const pAuthorizePublish = (0, import_node_util.promisify)(that.authorizePublish).bind(that);
      const pPublish = (0, import_node_util.promisify)(that.publish).bind(that);
      const batchSize = 16;
      async function checkAndPublish(will) {
        const notPublish = that.brokers[will.brokerId] !== void 0 && that.brokers[will.brokerId] + 3 * opts.heartbeatInterval >= Date.now();
        if (notPublish) {
          return;
        }
        const client = that.clients[will.clientId] || null;
        await pAuthorizePublish(client, will);
        await pPublish(will);
        await that.persistence.delWill({
          id: will.clientId,
          brokerId: will.brokerId
        });
      }
      for (const broker in that.brokers) {
        if (that.brokers[broker] + 3 * opts.heartbeatInterval < Date.now()) {
          delete that.brokers[broker];
        }
      }
      const wills = that.persistence.streamWill(that.brokers);
      for await (const promises of batch(wills, checkAndPublish, batchSize)) {
        await Promise.all(promises);
      }
    }
    this._clearWillInterval = setInterval(() => {
      _clearWills().catch((err) => {
        that.emit("error", err);
      });
    }, opts.heartbeatInterval * 4);
    this.mq.on($SYS_PREFIX + "+/heartbeat", function storeBroker(packet, done) {
      that.brokers[packet.payload.toString()] = Date.now();
      done();
    });
    this.mq.on($SYS_PREFIX + "+/birth", function brokerBorn(packet, done) {
      const brokerId = packet.payload.toString();
      if (brokerId !== that.id) {
        for (const clientId in that.clients) {
          delete that.clients[clientId].duplicates[brokerId];
        }
      }
      done();
    });
    this.mq.on($SYS_PREFIX + "+/new/clients", function closeSameClients(packet, done) {
      const serverId = packet.topic.split("/")[1];
      const clientId = packet.payload.toString();
      if (that.clients[clientId] && serverId !== that.id) {
        if (that.clients[clientId].closed) {
          that.deleteClient(clientId);
          done();
        } else {
          that.clients[clientId].close(done);
        }
      } else {
        done();
      }
    });
  }
  get version() {
    return version;
  }
  static async createBroker(opts) {
    const aedes = new _Aedes(opts);
    await aedes.listen();
    return aedes;
  }
  publish(packet, client, done) {
    if (typeof client === "function") {
      done = client;
      client = null;
    }
    if (topicLevelCount(packet.topic) > this.maxTopicLevels) {
      return (done || noop)(new Error("topic has too many levels"));
    }
    const p = new import_aedes_packet4.default(packet, this);
    const publishFuncs = p.qos > 0 ? publishFuncsQoS : publishFuncsSimple;
    runSeries(new PublishState(this, client, packet), publishFuncs, p, done);
  }
  subscribe(topic, func, done) {
    if (topicLevelCount(topic) > this.maxTopicLevels) {
      return (done || noop)(new Error("topic has too many levels"));
    }
    this.mq.on(topic, func, done);
  }
  unsubscribe(topic, func, done) {
    if (topicLevelCount(topic) > this.maxTopicLevels) {
      return (done || noop)(new Error("topic has too many levels"));
    }
    this.mq.removeListener(topic, func, done);
  }
  registerClient(client) {
    const that = this;
    if (this.clients[client.id]) {
      this.clients[client.id].close(function closeClient2() {
        that._finishRegisterClient(client);
      });
    } else {
      this._finishRegisterClient(client);
    }
  }
  _finishRegisterClient(client) {
    this.connectedClients++;
    this.clients[client.id] = client;
    this.emit("client", client);
    this.publish({
      topic: $SYS_PREFIX + this.id + "/new/clients",
      payload: Buffer.from(client.id, "utf8")
    }, noop);
  }
  unregisterClient(client) {
    this.deleteClient(client.id);
    this.emit("clientDisconnect", client);
    this.publish({
      topic: $SYS_PREFIX + this.id + "/disconnect/clients",
      payload: Buffer.from(client.id, "utf8")
    }, noop);
  }
  deleteClient(clientId) {
    this.connectedClients--;
    delete this.clients[clientId];
  }
  close(cb = noop) {
    const that = this;
    if (this.closed) {
      return cb();
    }
    this.closed = true;
    clearInterval(this._heartbeatInterval);
    clearInterval(this._clearWillInterval);
    const promises = [];
    for (const clientId of Object.keys(this.clients)) {
      promises.push(closeClient(this.clients[clientId]));
    }
    Promise.all(promises).finally(() => {
      that.emit("closed");
      that.mq.close(cb);
    });
  }
};
function storeRetained(packet, done) {
  if (packet.retain) {
    this.broker.persistence.storeRetained(packet).then(() => done(null), done);
  } else {
    done();
  }
}
function emitPacket(packet, done) {
  if (this.client) packet.clientId = this.client.id;
  this.broker.mq.emit(packet, done);
}
function enqueueOffline(packet, done) {
  const enqueuer = new DoEnqueues();
  enqueuer.complete = done;
  enqueuer.packet = packet;
  enqueuer.topic = packet.topic;
  enqueuer.broker = this.broker;
  this.broker.persistence.subscriptionsByTopic(packet.topic).then((subs) => enqueuer.done(null, subs), enqueuer.done);
}
var DoEnqueues = class {
  constructor() {
    this.next = null;
    this.complete = null;
    this.packet = null;
    this.topic = null;
    this.broker = null;
    const that = this;
    this.done = function doneEnqueue(err, subs) {
      const broker = that.broker;
      if (err) {
        broker.emit("error", err);
        return;
      }
      if (that.topic.indexOf($SYS_PREFIX) === 0) {
        subs = subs.filter(removeSharp);
      }
      const packet = that.packet;
      const complete = that.complete;
      that.packet = null;
      that.complete = null;
      that.topic = null;
      broker.persistence.outgoingEnqueueCombi(subs, packet).then(() => complete(null), complete);
    };
  }
};
function removeSharp(sub) {
  const code = sub.topic.charCodeAt(0);
  return code !== 43 && code !== 35;
}
function callPublished(_, done) {
  this.broker.published(this.packet, this.client, done);
  this.broker.emit("publish", this.packet, this.client);
}
var publishFuncsSimple = [
  storeRetained,
  emitPacket,
  callPublished
];
var publishFuncsQoS = [
  storeRetained,
  enqueueOffline,
  emitPacket,
  callPublished
];
async function closeClient(clientInstance) {
  return new Promise((resolve2) => {
    clientInstance.close(resolve2);
  });
}
function defaultPreConnect(client, packet, callback) {
  callback(null, true);
}
function defaultAuthenticate(client, username, password, callback) {
  callback(null, true);
}
function defaultAuthorizePublish(client, packet, callback) {
  if (packet.topic.startsWith($SYS_PREFIX)) {
    return callback(new Error($SYS_PREFIX + " topic is reserved"));
  }
  callback(null);
}
function defaultAuthorizeSubscribe(client, sub, callback) {
  callback(null, sub);
}
function defaultAuthorizeForward(client, packet) {
  return packet;
}
function defaultPublished(packet, client, callback) {
  callback(null);
}
var PublishState = class {
  constructor(broker, client, packet) {
    this.broker = broker;
    this.client = client;
    this.packet = packet;
  }
};

// src/adapters/broker/acl.ts
var levelsOf = (topic) => topic.split("/");
var OWNTRACKS = "owntracks";
var WEASLEY = "weasley";
var SLASH = 47;
function familyLevelEnd(topic, root, family) {
  const end = root.length + 1 + family.length;
  const matches = topic.startsWith(root) && topic.charCodeAt(root.length) === SLASH && topic.startsWith(family, root.length + 1) && (topic.length === end || topic.charCodeAt(end) === SLASH);
  return matches ? end : -1;
}
function mayPublish(identity, topic, ctx) {
  if (identity.kind === "device") {
    const familyEnd = familyLevelEnd(topic, OWNTRACKS, ctx.family);
    if (familyEnd < 0 || familyEnd === topic.length) return false;
    const deviceAt = familyEnd + 1;
    const slash = topic.indexOf("/", deviceAt);
    const deviceEnd = slash < 0 ? topic.length : slash;
    const device = topic.slice(deviceAt, deviceEnd);
    if (device !== identity.deviceId && device.toLowerCase() !== identity.deviceId) return false;
    if (slash < 0) return true;
    const sub = slash + 1;
    if (topic.indexOf("/", sub) >= 0) return false;
    return !(topic.length - sub === 3 && topic.startsWith("cmd", sub));
  }
  return false;
}
function narrowSubscription(_identity, filter, ctx) {
  if (filter.length > MAX_FILTER_LENGTH) return null;
  const levels = levelsOf(filter);
  if (levels.length > MAX_FILTER_LEVELS) return null;
  const [root, family, ...rest] = levels;
  if (root === "#") return `owntracks/${ctx.family}/#`;
  const narrowedRoot = root === "+" ? "owntracks" : root;
  if (narrowedRoot !== "owntracks" && narrowedRoot !== "weasley") return null;
  if (family === "#") return `${narrowedRoot}/${ctx.family}/#`;
  if (family !== "+" && family !== ctx.family) return null;
  return [narrowedRoot, ctx.family, ...rest].join("/");
}
var MAX_FILTER_LENGTH = 300;
var MAX_FILTER_LEVELS = 5;
function mayReceive(topic, ctx) {
  return familyLevelEnd(topic, OWNTRACKS, ctx.family) >= 0 || familyLevelEnd(topic, WEASLEY, ctx.family) >= 0;
}
function topicMatches(filter, topic) {
  const f = filter.split("/");
  const t = topic.split("/");
  for (let i = 0; i < f.length; i++) {
    if (f[i] === "#") return true;
    if (i >= t.length || f[i] !== "+" && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

// src/adapters/broker/broker-accounts.ts
var import_node_crypto9 = require("node:crypto");

// src/adapters/broker/account-names.ts
var deviceAccount = (family, deviceId) => `${family}/${deviceId}`;
var accountOf = (identity) => identity.kind === "clock" ? `${identity.family}/(clock)` : deviceAccount(identity.family, identity.deviceId);
async function findIdentity(families, username, password, clientId, accepted, ambiguous) {
  const slash = username.indexOf("/");
  if (slash > 0) {
    const family = families.get(username.slice(0, slash));
    const name = username.slice(slash + 1);
    if (family?.credentials.knows(name))
      return family.credentials.authenticate(name, password, clientId, { spend: true, accepted });
  }
  const candidates = [...families.values()].filter((f) => f.credentials.knows(username));
  let tookScrypt = false;
  const refusal = { spend: false, tookScrypt: () => tookScrypt = true, accepted };
  let found = null;
  for (const family of candidates) {
    const identity = await family.credentials.authenticate(username, password, clientId, refusal);
    if (!identity) continue;
    if (found) {
      ambiguous?.(found, identity);
      return null;
    }
    found = identity;
    if (candidates.length === 1) break;
  }
  if (found) return found;
  if (!tookScrypt) await spendAVerification(password);
  return null;
}
function usernameKnown(families, username) {
  const slash = username.indexOf("/");
  if (slash > 0) {
    const name = username.slice(slash + 1);
    if (families.get(username.slice(0, slash))?.credentials.knows(name)) return true;
  }
  if (families.has(username)) return true;
  for (const { credentials } of families.values()) if (credentials.knows(username)) return true;
  return false;
}
function soleAccountOf(families, username) {
  const slash = username.indexOf("/");
  if (slash > 0) {
    const family = username.slice(0, slash);
    const name = username.slice(slash + 1);
    if (families.get(family)?.credentials.knows(name))
      return name === family ? void 0 : `${family}/${name.toLowerCase()}`;
  }
  let sole;
  for (const [family, { credentials }] of families) {
    if (!credentials.knows(username)) continue;
    if (sole !== void 0 || username === family) return void 0;
    sole = `${family}/${username.toLowerCase()}`;
  }
  return sole;
}
function accountOfWill(families, packet) {
  const clientId = packet.clientId;
  if (typeof clientId !== "string") return void 0;
  const bar = clientId.indexOf("|");
  const slash = clientId.indexOf("/");
  if (slash <= 0 || bar < slash) return void 0;
  const family = clientId.slice(0, slash);
  const deviceId = clientId.slice(slash + 1, bar);
  if (deviceId === "" || deviceId === "(clock)" || deviceId === family) return void 0;
  if (!families.get(family)?.credentials.knows(deviceId)) return void 0;
  return { kind: "device", family, deviceId, memberId: "" };
}

// src/adapters/broker/broker-listeners.ts
var import_node_net3 = require("node:net");
var import_node_tls = require("node:tls");

// src/adapters/broker/connection-log.ts
var HANDSHAKE_HINTS = [
  [
    /wrong version number|http request|packet length too long|unknown protocol/i,
    "it does not speak TLS: a phone with TLS off belongs on the plain MQTT port, or turn TLS on"
  ],
  [
    /unknown ca|bad certificate|certificate unknown|decrypt error/i,
    "the client does not trust this clock's certificate: install the CA certificate from the setup page"
  ],
  [/protocol version|no shared cipher|no protocols available/i, "the client is too old for TLS 1.2"]
];
function logHandshakeFailure(logger) {
  const fresh = oncePerMinute();
  return (error, socket) => {
    const reason = error.reason ?? error.message;
    const from = socket.remoteAddress ?? socket._parent?.remoteAddress ?? "unknown address";
    if (!fresh(`${from}|${reason}`)) return;
    const hint = HANDSHAKE_HINTS.find(([pattern]) => pattern.test(reason))?.[1];
    logger.log("info", `TLS handshake from ${from} failed: ${reason}${hint ? ` (${hint})` : ""}`);
  };
}
function rememberPeer(socket) {
  void socket.remoteAddress;
}
function oncePerMinute(limit = 1e3) {
  const lastSaid = /* @__PURE__ */ new Map();
  return (key) => {
    const now = performance.now();
    const last = lastSaid.get(key);
    if (last !== void 0 && now - last < 6e4) return false;
    if (lastSaid.size >= limit) {
      for (const [old, at] of lastSaid) {
        if (now - at < 6e4) break;
        lastSaid.delete(old);
      }
      if (lastSaid.size >= limit) return false;
    }
    lastSaid.delete(key);
    lastSaid.set(key, now);
    return true;
  };
}

// src/adapters/broker/packet-size-guard.ts
function createPacketSizeGuard(limitBytes) {
  let bodyLeft = 0;
  let inHeader = false;
  let length = 0;
  let multiplier = 1;
  let broken = false;
  return {
    check(chunk) {
      if (broken) return false;
      let i = 0;
      while (i < chunk.length) {
        if (bodyLeft > 0) {
          const skip = Math.min(bodyLeft, chunk.length - i);
          bodyLeft -= skip;
          i += skip;
          continue;
        }
        if (!inHeader) {
          inHeader = true;
          length = 0;
          multiplier = 1;
          i++;
          continue;
        }
        const byte = chunk[i++];
        length += (byte & 127) * multiplier;
        multiplier *= 128;
        if (length > limitBytes || byte & 128 && multiplier > 128 ** 3) {
          broken = true;
          return false;
        }
        if ((byte & 128) === 0) {
          inHeader = false;
          bodyLeft = length;
        }
      }
      return true;
    }
  };
}

// src/adapters/broker/socket-guards.ts
function guardPacketSize(socket, limitBytes, logger) {
  const guard = createPacketSizeGuard(limitBytes);
  const read = socket.read.bind(socket);
  socket.read = (size) => {
    const chunk = read(size);
    if (chunk === null || typeof chunk === "string" || guard.check(chunk)) return chunk;
    logger.log(
      "warn",
      `closed the connection from ${socket.remoteAddress ?? "unknown address"}: it announced a packet over ${limitBytes} bytes`
    );
    socket.destroy();
    return null;
  };
}
function closeWhenStalled(socket, timeoutMs, logger) {
  let timer;
  const write2 = socket.write.bind(socket);
  socket.write = ((...args) => {
    const flushed = write2(...args);
    if (!flushed && timer === void 0) {
      timer = setTimeout(() => {
        logger.log(
          "warn",
          `closed the connection from ${socket.remoteAddress ?? "unknown address"}: it stopped reading (${Math.round(socket.writableLength / 1024)} KiB waiting for ${timeoutMs / 1e3} s)`
        );
        socket.destroy();
      }, timeoutMs);
      timer.unref();
    }
    return flushed;
  });
  socket.on("drain", () => {
    clearTimeout(timer);
    timer = void 0;
  });
  socket.once("close", () => clearTimeout(timer));
}
var GATHER_MAX_BYTES = 64 * 1024;
function gatherWrites(socket) {
  let packets = 0;
  let holding = false;
  const release = () => {
    holding = false;
    socket.uncork();
  };
  const endTurn = () => {
    packets = 0;
    if (holding) release();
  };
  const cork = socket.cork.bind(socket);
  socket.cork = () => {
    if (holding && socket.writableLength >= GATHER_MAX_BYTES) release();
    if (packets++ === 0) setImmediate(endTurn);
    else if (!holding && socket.writableCorked === 0) {
      holding = true;
      cork();
    }
    cork();
  };
}

// src/adapters/broker/broker-listeners.ts
var STALL_TIMEOUT_MS = 1e4;
var HANDSHAKE_TIMEOUT_MS = 1e4;
var SILENT_PER_ADDRESS = 32;
var DEFAULT_MAX_PACKET_BYTES = 300 * 1024;
async function listenForBroker(handOver, options) {
  const { config, logger } = options;
  const open2 = /* @__PURE__ */ new Set();
  const handshaking = /* @__PURE__ */ new Set();
  const track = (tcp) => {
    open2.add(tcp);
    tcp.once("close", () => open2.delete(tcp));
  };
  const finished2 = /* @__PURE__ */ new WeakMap();
  const handle2 = (socket) => {
    const tcp = socket._parent;
    if (tcp) handshaking.delete(tcp);
    rememberPeer(socket);
    socket.setNoDelay(true);
    socket.setKeepAlive(true);
    guardPacketSize(socket, options.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES, logger);
    const counted = tcp ? finished2.get(tcp) : void 0;
    if (counted) awaitingLogin.set(socket, counted);
    closeWhenStalled(socket, STALL_TIMEOUT_MS, logger);
    gatherWrites(socket);
    handOver(socket);
  };
  const plain = (0, import_node_net3.createServer)(handle2);
  plain.on("connection", track);
  const secure = (0, import_node_tls.createServer)(
    {
      cert: options.tls.cert,
      key: options.tls.key,
      minVersion: "TLSv1.2",
      handshakeTimeout: options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS
    },
    handle2
  );
  const silentFrom = /* @__PURE__ */ new Map();
  const tooMany = oncePerMinute();
  secure.on("connection", (tcp) => {
    rememberPeer(tcp);
    track(tcp);
    const address = addressKey(tcp.remoteAddress ?? "");
    const under = silentFrom.get(address) ?? 0;
    if (under >= SILENT_PER_ADDRESS) {
      if (tooMany(address))
        logger.log(
          "warn",
          `closed connections from ${address}: ${under} TLS connections from it not logged in yet`
        );
      tcp.destroy();
      return;
    }
    silentFrom.set(address, under + 1);
    handshaking.add(tcp);
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      handshaking.delete(tcp);
      const left = (silentFrom.get(address) ?? 1) - 1;
      if (left > 0) silentFrom.set(address, left);
      else silentFrom.delete(address);
    };
    tcp.once("close", done);
    finished2.set(tcp, done);
  });
  const logFailure = logHandshakeFailure(logger);
  secure.on("tlsClientError", (error, socket) => {
    logFailure(error, socket);
    socket.destroy();
  });
  try {
    await listen(plain, config.mqttPort, config.mqttHost);
    await listen(secure, config.mqttsPort, config.mqttsHost);
  } catch (error) {
    await Promise.all([closeServer(plain), closeServer(secure)]);
    throw error;
  }
  return {
    mqttPort: plain.address().port,
    mqttsPort: secure.address().port,
    setCertificate(tls) {
      secure.setSecureContext({ cert: tls.cert, key: tls.key, minVersion: "TLSv1.2" });
    },
    async close(closeClients) {
      const closed = Promise.all([closeServer(plain), closeServer(secure)]);
      for (const tcp of handshaking) tcp.destroy();
      await closeClients?.();
      for (const socket of open2) socket.destroy();
      await closed;
    }
  };
}
function listen(server, port, host) {
  return new Promise((resolve2, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve2();
    });
  });
}
function closeServer(server) {
  return new Promise((resolve2) => server.listening ? server.close(() => resolve2()) : resolve2());
}
var awaitingLogin = /* @__PURE__ */ new WeakMap();
function loggedIn(socket) {
  if (typeof socket !== "object" || socket === null) return;
  awaitingLogin.get(socket)?.();
  awaitingLogin.delete(socket);
}

// src/adapters/broker/login-throttle.ts
var import_node_crypto8 = require("node:crypto");
function createLoginThrottle(options = {}) {
  const maxFailures = options.maxFailures ?? 5;
  const maxRunning = options.maxRunning ?? 16;
  const homeFactor = options.homeNetworkFactor ?? 4;
  const windowMs = options.windowMs ?? 6e4;
  const lockMs = options.lockMs ?? 6e4;
  const maxEntries = options.maxEntries ?? 1e4;
  const entries = /* @__PURE__ */ new Map();
  const entryOf2 = (address, nowMs) => {
    let e = entries.get(address);
    const served = e !== void 0 && e.lockedUntilMs !== 0 && e.lockedUntilMs <= nowMs;
    if (e && (served || e.lockedUntilMs === 0 && nowMs - e.firstMs > windowMs)) {
      e.failures = 0;
      e.firstMs = nowMs;
      e.lockedUntilMs = 0;
      e.failedAs = null;
    }
    if (!e) {
      if (entries.size >= maxEntries) {
        for (const [key, old] of entries)
          if (old.running === 0 && old.lockedUntilMs <= nowMs && nowMs - old.firstMs > windowMs)
            entries.delete(key);
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value);
      }
      e = { failures: 0, firstMs: nowMs, lockedUntilMs: 0, running: 0, failedAs: null };
      entries.set(address, e);
    }
    return e;
  };
  const forgetIfIdle = (address, e) => {
    if (e.running === 0 && e.failures === 0 && e.lockedUntilMs === 0) entries.delete(address);
  };
  const tallies = (from, nowMs) => {
    const [own, home] = keysOf(from);
    const peer = { e: entryOf2(own, nowMs), failures: maxFailures, running: maxRunning };
    if (home === void 0) return [peer];
    return [
      peer,
      { e: entryOf2(home, nowMs), failures: maxFailures * homeFactor, running: maxRunning * homeFactor }
    ];
  };
  return {
    begin(from, nowMs) {
      const counted = tallies(from, nowMs);
      const locked = ({ e, failures }) => e.lockedUntilMs > nowMs || e.failures > 0 && e.failures + e.running >= failures;
      if (counted.some(locked)) return "locked";
      if (counted.some(({ e, running }) => e.running >= running)) return "busy";
      for (const { e } of counted) e.running++;
      return "ok";
    },
    failed(from, account, nowMs) {
      const against = account === void 0 ? null : digestOf2(account);
      for (const { e, failures } of tallies(from, nowMs)) {
        e.running = Math.max(0, e.running - 1);
        e.failedAs = e.failures === 0 || e.failedAs === against ? against : null;
        e.failures++;
        if (e.failures >= failures) e.lockedUntilMs = nowMs + lockMs;
      }
    },
    succeeded(from, account) {
      for (const address of keysOf(from)) {
        if (address === void 0) continue;
        const e = entries.get(address);
        if (!e) continue;
        e.running = Math.max(0, e.running - 1);
        if (account !== void 0 && e.failedAs === digestOf2(account) && e.lockedUntilMs === 0) {
          e.failures = 0;
          e.failedAs = null;
        }
        forgetIfIdle(address, e);
      }
    }
  };
}
function keysOf(from) {
  const remote = typeof from === "string" ? from : from.remote;
  const network = addressKey(remote);
  const own = typeof from === "string" ? network : peerKey(remote, from.local);
  return own === network ? [own] : [own, network];
}
var digestOf2 = (account) => (0, import_node_crypto8.createHash)("sha256").update(account).digest("base64");

// src/adapters/broker/open-logins.ts
function createOpenLogins(families, logger, revoke) {
  const connectionsPerAccount = /* @__PURE__ */ new Map();
  const holders = /* @__PURE__ */ new Map();
  const logins = /* @__PURE__ */ new Map();
  const unreadable = oncePerMinute();
  const UNREADABLE = /* @__PURE__ */ Symbol("unreadable");
  const stamps = /* @__PURE__ */ new Map();
  return {
    countOf: (account) => connectionsPerAccount.get(account) ?? 0,
    holderOf: (sessionId) => holders.get(sessionId),
    holdPlace,
    closeOutdatedLogins
  };
  function closeOutdatedLogins() {
    const changed = /* @__PURE__ */ new Map();
    const changedIn = (family) => {
      let result = changed.get(family);
      if (result !== void 0) return result;
      try {
        const now = families.get(family)?.credentials.passwordsStamp();
        result = now === void 0 || now !== stamps.get(family);
        if (now !== void 0) stamps.set(family, now);
      } catch {
        result = true;
      }
      changed.set(family, result);
      return result;
    };
    const versions = /* @__PURE__ */ new Map();
    let closed = 0;
    for (const [client, login] of logins) {
      if (!changedIn(login.identity.family)) continue;
      const account = accountOf(login.identity);
      if (!versions.has(account)) {
        try {
          versions.set(
            account,
            families.get(login.identity.family)?.credentials.passwordVersionOf(login.identity)
          );
        } catch (error) {
          versions.set(account, UNREADABLE);
          stamps.delete(login.identity.family);
          if (unreadable(account))
            logger.log("warn", `could not check the password of ${account}: ${String(error)}`);
        }
      }
      const version2 = versions.get(account);
      if (version2 === UNREADABLE || version2 === login.version) continue;
      logins.delete(client);
      logger.log(
        "info",
        `closed a connection of ${account}: its password has been changed since it logged in`
      );
      revoke(client);
      client.close();
      closed++;
    }
    return closed;
  }
  function holdPlace(client, account, sessionId, login) {
    const socket = client.conn;
    if (socket.destroyed || !socket.once) return;
    connectionsPerAccount.set(account, (connectionsPerAccount.get(account) ?? 0) + 1);
    holders.set(sessionId, client);
    logins.set(client, login);
    socket.once("close", () => {
      logins.delete(client);
      if (holders.get(sessionId) === client) holders.delete(sessionId);
      const left = (connectionsPerAccount.get(account) ?? 1) - 1;
      if (left <= 0) connectionsPerAccount.delete(account);
      else connectionsPerAccount.set(account, left);
    });
  }
}

// src/adapters/broker/broker-accounts.ts
var BAD_CREDENTIALS = 4;
var MAX_PER_ACCOUNT = { device: 3, clock: 20 };
function createBrokerAccounts(families, logger, now) {
  const identities = /* @__PURE__ */ new WeakMap();
  const throttle = createLoginThrottle();
  const openLogins = createOpenLogins(families, logger, (client) => identities.delete(client));
  const badIdentifiers = /* @__PURE__ */ new WeakSet();
  const badWills = /* @__PURE__ */ new WeakSet();
  const fresh = oncePerMinute();
  const preConnect = (client, packet, done) => {
    if (packet.clientId === "" && !packet.clean || packet.clientId.includes("\0"))
      badIdentifiers.add(client);
    const willTopic = packet.will?.topic;
    if (typeof willTopic === "string" && (willTopic.includes("\0") || /[+#]/.test(willTopic)))
      badWills.add(client);
    done(null, true);
  };
  const authenticate2 = (client, username, password, done) => {
    const sentId = client.id;
    client.id = `(unauthenticated)|${(0, import_node_crypto9.randomUUID)()}`;
    if (badIdentifiers.has(client)) {
      if (fresh(`${remoteOf(client)}|identifier`))
        logger.log(
          "info",
          `refused a client from ${remoteOf(client)}: a persistent session needs a client id without U+0000`
        );
      return done(
        Object.assign(new Error("identifier rejected"), { returnCode: 2 }),
        false
      );
    }
    const address = remoteOf(client);
    if (badWills.has(client)) {
      if (fresh(`${address}|will`))
        logger.log("info", `refused a client from ${address}: its will topic has a wildcard or U+0000`);
      return done(Object.assign(new Error("bad will topic"), { returnCode: 5 }), false);
    }
    if (username === void 0 || password === void 0) return done(refused(), false);
    const from = { remote: address, local: client.conn.localAddress };
    const admitted = throttle.begin(from, now());
    if (admitted === "locked") {
      if (fresh(`${address}|locked`))
        logger.log("warn", `refused login from ${address}: too many failed logins, try again in a minute`);
      return done(refused(), false);
    }
    if (admitted === "busy") {
      if (fresh(`${address}|busy`))
        logger.log(
          "warn",
          `refused login from ${address} for now: too many logins from it being checked at once`
        );
      return done(Object.assign(new Error("busy"), { returnCode: 3 }), false);
    }
    let passwordVersion = "";
    let wasAmbiguous = false;
    const ambiguous = (first, second) => {
      wasAmbiguous = true;
      logger.log(
        "warn",
        `refused login for user "${printable(username)}" from ${address}: its password opens accounts in two families (${first.family}, ${second.family}); give one of them another password, or log in as "<family>/<username>"`
      );
    };
    findIdentity(
      families,
      username,
      password,
      sentId,
      (version2) => passwordVersion = version2,
      ambiguous
    ).then(
      (identity) => {
        if (!identity) {
          throttle.failed(from, soleAccountOf(families, username), now());
          if (!wasAmbiguous)
            logger.log(
              "warn",
              `refused login for ${usernameKnown(families, username) ? `user "${printable(username)}"` : "an unknown username"} from ${address}: wrong username or password`
            );
          return done(refused(), false);
        }
        throttle.succeeded(from, soleAccountOf(families, username));
        const account = accountOf(identity);
        const sessionId = `${account}|${sentId}`;
        const open2 = openLogins.countOf(account);
        const previous = openLogins.holderOf(sessionId);
        if (open2 >= MAX_PER_ACCOUNT[identity.kind] && previous === void 0) {
          logger.log("warn", `refused login for "${printable(username)}": it already has ${open2} connections`);
          return done(
            Object.assign(new Error("too many connections"), { returnCode: 5 }),
            false
          );
        }
        identities.set(client, identity);
        loggedIn(client.conn);
        client.id = sessionId;
        openLogins.holdPlace(client, account, sessionId, { identity, version: passwordVersion });
        previous?.close();
        done(null, true);
      },
      (error) => {
        throttle.failed(from, soleAccountOf(families, username), now());
        done(Object.assign(new Error(String(error)), { returnCode: 3 }), false);
      }
    );
  };
  return {
    preConnect,
    authenticate: authenticate2,
    identityOf: (client) => identities.get(client),
    identityOfWill: (packet) => accountOfWill(families, packet),
    closeOutdatedLogins: openLogins.closeOutdatedLogins
  };
}
var refused = () => Object.assign(new Error("bad username or password"), { returnCode: BAD_CREDENTIALS });
var remoteOf = (client) => {
  const socket = client.conn;
  return socket.remoteAddress ?? "unknown address";
};

// src/adapters/broker/publish-ahead.ts
function publishAheadOfAck(aedes) {
  const broker = aedes;
  const publishNow = broker.publish.bind(aedes);
  broker.publish = (packet, client, done) => {
    const callback = (typeof client === "function" ? client : done) ?? (() => {
    });
    if (packet[PUBLISHED] === true) {
      ;
      packet[PUBLISHED] = false;
      return callback();
    }
    publishNow(packet, typeof client === "function" ? null : client, callback);
  };
  const emit = broker.mq.emit.bind(broker.mq);
  broker.mq.emit = (message, done) => {
    const payload = message.payload;
    const signal = typeof payload === "object" && payload !== null ? payload[ON_EMIT] : void 0;
    const emitted = emit(message, done);
    if (signal) {
      ;
      payload[ON_EMIT] = void 0;
      signal();
    }
    return emitted;
  };
  return (packet, client, queued) => {
    let signalled = false;
    const signal = (error) => {
      if (signalled) return;
      signalled = true;
      queued(error);
    };
    const payload = packet.payload;
    const marked = typeof payload === "object" && payload !== null ? payload : void 0;
    if (marked) marked[ON_EMIT] = () => signal();
    packet[PUBLISHED] = true;
    publishNow(packet, client, (error) => {
      if (marked) marked[ON_EMIT] = void 0;
      signal(error);
    });
  };
}
function skipPublish(packet) {
  ;
  packet[PUBLISHED] = true;
}
var PUBLISHED = /* @__PURE__ */ Symbol("published ahead of its PUBACK");
var ON_EMIT = /* @__PURE__ */ Symbol("called when aedes emits the message");

// src/adapters/broker/retain-rules.ts
function mayRetain(identity, topic) {
  if (identity.kind !== "device") return true;
  const second = topic.indexOf("/", topic.indexOf("/") + 1);
  const third = topic.indexOf("/", second + 1);
  return third < 0 || topic.length - third === 5 && topic.endsWith("/info");
}
var MAX_RETAINED_SPELLINGS = 3;
function deviceLevelOf(topic) {
  const second = topic.indexOf("/", topic.indexOf("/") + 1);
  const third = topic.indexOf("/", second + 1);
  return topic.slice(second + 1, third < 0 ? topic.length : third);
}
function createRetainRules(logger) {
  const said = oncePerMinute();
  const spellingsOf = /* @__PURE__ */ new Map();
  const spellingsFor = (family, deviceId) => {
    const key = `${family}/${deviceId.toLowerCase()}`;
    let spellings = spellingsOf.get(key);
    if (!spellings) {
      spellings = /* @__PURE__ */ new Set();
      spellingsOf.set(key, spellings);
    }
    return spellings;
  };
  const retainsUnder = (identity, topic) => {
    if (identity.kind !== "device") return true;
    const spelled = deviceLevelOf(topic);
    const spellings = spellingsFor(identity.family, identity.deviceId);
    if (spellings.has(spelled)) return true;
    if (spellings.size >= MAX_RETAINED_SPELLINGS) return false;
    spellings.add(spelled);
    return true;
  };
  const kept = (family, topic) => {
    const spelled = deviceLevelOf(topic);
    spellingsFor(family, spelled).add(spelled);
  };
  const limit = (identity, packet, who) => {
    if (!packet.retain || packet.payload.length === 0) return;
    if (mayRetain(identity, packet.topic) && retainsUnder(identity, packet.topic)) return;
    packet.retain = false;
    const family = identity.kind === "device" ? identity.family : "";
    if (said(`${family}|${who}`))
      logger.log(
        "info",
        `did not retain the message to ${printable(packet.topic)} by ${who}: phones retain only their location and card, under one spelling of their id`
      );
  };
  return { limit, kept };
}

// src/adapters/broker/subscription-cap.ts
var MAX_SUBSCRIPTIONS_PER_CLIENT = 100;
function createSubscriptionCap(max = MAX_SUBSCRIPTIONS_PER_CLIENT) {
  const admittedMeanwhile = /* @__PURE__ */ new WeakMap();
  return {
    admits(client, topic) {
      const held = client.subscriptions ?? {};
      if (topic in held) return true;
      let waiting = admittedMeanwhile.get(client);
      if (!waiting) {
        waiting = /* @__PURE__ */ new Set();
        admittedMeanwhile.set(client, waiting);
      }
      for (const t of waiting) if (t in held) waiting.delete(t);
      if (waiting.has(topic)) return true;
      if (Object.keys(held).length + waiting.size >= max) return false;
      waiting.add(topic);
      return true;
    },
    forget(client, topics) {
      const waiting = admittedMeanwhile.get(client);
      if (waiting) for (const topic of topics) waiting.delete(topic);
    }
  };
}

// src/adapters/broker/authorize-hooks.ts
var aclOf = (identity) => identity;
function createAuthorizeHooks(options) {
  const { accounts, families, logger, now, sessionRules, subscriptionCap, publishAhead } = options;
  const identityOf = accounts.identityOf;
  const cutOff = /* @__PURE__ */ new WeakSet();
  const refusalsSaid = /* @__PURE__ */ new WeakMap();
  const publishRefusals = oncePerMinute();
  const retainRules = options.retainRules ?? createRetainRules(logger);
  const qos2Keeping = /* @__PURE__ */ new WeakMap();
  const keepQos2Once = (client, packet, keep, done) => {
    let keeping = qos2Keeping.get(client);
    if (!keeping) {
      keeping = /* @__PURE__ */ new Map();
      qos2Keeping.set(client, keeping);
    }
    const id = packet.messageId ?? -1;
    const first = keeping.get(id);
    if (first) return void first.then(done);
    const held = options.heldForRelease?.(client, packet) ?? Promise.resolve(false);
    const kept = held.then((taken) => taken ? null : keep());
    keeping.set(id, kept);
    void kept.then((error) => {
      if (keeping.get(id) === kept) keeping.delete(id);
      done(error);
    });
  };
  return {
    authorizePublish(client, packet, done) {
      if (packet.topic.includes("\0")) {
        if (client) return done(new Error("U+0000 in topic"));
        skipPublish(packet);
        return done(null);
      }
      const identity = client ? identityOf(client) : accounts.identityOfWill(packet);
      if (!identity || !mayPublish(identity, packet.topic, aclOf(identity))) {
        if (!client) {
          logger.log(
            "warn",
            `dropped the stored will to ${printable(packet.topic)}: no family or device served here owns it`
          );
          skipPublish(packet);
          return done(null);
        }
        if (publishRefusals(`${identity?.kind === "device" ? identity.family : ""}|${describe(identity)}`))
          logger.log("warn", `refused publish to ${printable(packet.topic)} by ${describe(identity)}`);
        return done(new Error("not authorised"));
      }
      retainRules.limit(identity, packet, describe(identity));
      if (identity.kind !== "device" || !packet.topic.startsWith("owntracks/")) return done(null);
      const family = families.get(identity.family);
      if (!family) return done(new Error("family no longer served"));
      const inbound = { topic: packet.topic, payload: packet.payload, receivedAtMs: now() };
      if (packet.qos === 0) {
        family.onMessage(inbound, () => {
        });
        return done(null);
      }
      if (packet.qos === 2 && client)
        return keepQos2Once(
          client,
          packet,
          () => new Promise((resolve2) => family.onMessage(inbound, (error) => resolve2(error ?? null))),
          done
        );
      if (packet.qos !== 1) return family.onMessage(inbound, (error) => done(error ?? null));
      let pending = 2;
      let failure = null;
      const settled = (error) => {
        failure ??= error ?? null;
        if (--pending === 0) done(failure);
      };
      publishAhead(packet, client, settled);
      family.onMessage(inbound, settled);
    },
    authorizeSubscribe(client, subscription, done) {
      const identity = identityOf(client);
      const valid = !subscription.topic.includes("\0");
      const narrowed = identity && valid ? narrowSubscription(identity, subscription.topic, aclOf(identity)) : null;
      const capped = narrowed !== null && client !== null && !subscriptionCap.admits(client, narrowed);
      if (narrowed !== null && !capped) {
        subscription.topic = narrowed;
        sessionRules.allow(subscription);
        return done(null, subscription);
      }
      const said = refusalsSaid.get(client) ?? 0;
      if (said < REFUSALS_SAID_PER_CONNECTION) {
        refusalsSaid.set(client, said + 1);
        const more = said + 1 === REFUSALS_SAID_PER_CONNECTION ? " (further refusals on this connection are not logged)" : "";
        const why = capped ? ` (it holds ${MAX_SUBSCRIPTIONS_PER_CLIENT} filters already)` : "";
        logger.log(
          "info",
          `refused subscription to ${printable(subscription.topic)} by ${describe(identity)}${why}${more}`
        );
      }
      done(null, null);
    },
    authorizeForward(client, packet) {
      const identity = identityOf(client);
      if (!identity || !mayReceive(packet.topic, aclOf(identity))) return null;
      const backlog = client.conn.writableLength ?? 0;
      if (backlog <= MAX_SUBSCRIBER_BACKLOG_BYTES) return packet;
      if (!cutOff.has(client)) {
        cutOff.add(client);
        logger.log(
          "warn",
          `closed the connection of ${describe(identity)} from ${remoteOf(client)}: it stopped reading (${Math.round(backlog / 1024)} KiB waiting)`
        );
        client.close();
      }
      return null;
    }
  };
}
var describe = (identity) => identity === void 0 ? "an unauthenticated client" : identity.kind === "clock" ? "the clock account" : `device "${identity.deviceId}"`;
var REFUSALS_SAID_PER_CONNECTION = 10;
var MAX_SUBSCRIBER_BACKLOG_BYTES = 1024 * 1024;

// src/adapters/broker/device-listening.ts
function watchDeviceListening(aedes, identityOf, families) {
  const listening = /* @__PURE__ */ new WeakSet();
  const resumedSession = /* @__PURE__ */ new WeakMap();
  aedes.on(
    "connackSent",
    (connack, client) => resumedSession.set(client, connack.sessionPresent === true)
  );
  aedes.on("subscribe", (subscriptions, client) => {
    const identity = identityOf(client);
    if (identity?.kind !== "device" || listening.has(client)) return;
    const onListening = families.get(identity.family)?.onDeviceListening;
    const cmdTopic = `owntracks/${identity.family}/${identity.deviceId}/cmd`.toLowerCase();
    const filter = subscriptions.find(
      (s) => s.qos !== 128 && topicMatches(s.topic.toLowerCase(), cmdTopic)
    );
    if (!onListening || !filter) return;
    listening.add(client);
    const spelled = filter.topic.split("/")[2];
    onListening({
      deviceId: identity.deviceId,
      memberId: identity.memberId,
      resumed: resumedSession.get(client) ?? false,
      ...spelled === void 0 || spelled === "+" || spelled === "#" ? {} : { spelled }
    });
  });
}

// src/adapters/broker/device-reach.ts
function createDeviceReach(aedes, identityOf) {
  const { clients, persistence } = aedes;
  return async (family, deviceId, topic) => {
    const isTheDevice = (client) => {
      const identity = identityOf(client);
      return identity?.kind === "device" && identity.family === family && identity.deviceId === deviceId;
    };
    for (const client of Object.values(clients)) {
      if (!client || !isTheDevice(client)) continue;
      const filters = Object.keys(client.subscriptions);
      if (filters.some((filter) => topicMatches(filter, topic))) return "listening";
    }
    const sessionOf = `${deviceAccount(family, deviceId)}|`;
    const kept = await persistence.subscriptionsByTopic(topic);
    return kept.some((s) => s.clientId.startsWith(sessionOf)) ? "session" : "none";
  };
}

// src/adapters/broker/removed-devices.ts
async function forgetRemovedDevices(aedes, family, deviceIds, logger, kept = () => {
}) {
  const known = new Set(deviceIds.map((d) => d.toLowerCase()));
  const prefix = `${family}/`;
  const forgotten = { sessions: 0, retained: 0 };
  forgotten.sessions = await forgetSessions(aedes, prefix, (id) => {
    const device = id.slice(prefix.length, id.indexOf("|"));
    return device === "(clock)" || known.has(device.toLowerCase());
  });
  forgotten.retained = await clearRetained(aedes, [`owntracks/${family}/#`], (topic) => {
    if (!known.has(deviceLevelOf(topic).toLowerCase())) return false;
    kept(topic);
    return true;
  });
  if (forgotten.sessions + forgotten.retained > 0)
    logger.log(
      "info",
      `forgot ${forgotten.sessions} persistent session(s) and ${forgotten.retained} retained message(s) of devices no longer in the config`
    );
  return forgotten;
}
async function forgetRemovedFamilies(aedes, families, logger) {
  const served = new Set(families);
  const forgotten = { sessions: 0, retained: 0 };
  const familyOf = (id) => {
    const slash = id.indexOf("/");
    return slash > 0 ? id.slice(0, slash) : void 0;
  };
  forgotten.sessions = await forgetSessions(aedes, "", (id) => served.has(familyOf(id) ?? ""));
  forgotten.retained = await clearRetained(
    aedes,
    ["owntracks/#", "weasley/#"],
    (topic) => served.has(familyLevelOf(topic))
  );
  if (forgotten.sessions + forgotten.retained > 0)
    logger.log(
      "info",
      `forgot ${forgotten.sessions} persistent session(s) and ${forgotten.retained} retained message(s) of families no longer served`
    );
  return forgotten;
}
var familyLevelOf = (topic) => {
  const first = topic.indexOf("/");
  const second = topic.indexOf("/", first + 1);
  return topic.slice(first + 1, second < 0 ? topic.length : second);
};
async function forgetSessions(aedes, prefix, keep) {
  const { persistence, clients } = aedes;
  let count = 0;
  for (const id of persistence.sessionsStartingWith(prefix)) {
    if (keep(id) || clients[id]) continue;
    await persistence.forgetSession(id);
    count++;
  }
  return count;
}
async function clearRetained(aedes, patterns, keep) {
  const { persistence } = aedes;
  const gone = [];
  for (const pattern of patterns)
    for await (const packet of persistence.createRetainedStream(pattern))
      if (packet.payload.length > 0 && !keep(packet.topic)) gone.push(packet.topic);
  for (const topic of gone)
    await new Promise(
      (resolve2, reject) => aedes.publish(
        { cmd: "publish", topic, payload: Buffer.alloc(0), qos: 1, retain: true, dup: false },
        (error) => error ? reject(error) : resolve2()
      )
    );
  return gone.length;
}

// src/adapters/broker/session-rules.ts
function createSessionRules(identityOf, logger) {
  const allowed = /* @__PURE__ */ new WeakSet();
  return {
    allow: (subscription) => {
      allowed.add(subscription);
    },
    install(aedes) {
      const { persistence, clients } = aedes;
      const keepFewSessions = async (client) => {
        const identity = identityOf(client);
        const bar = client.id.indexOf("|");
        if (!identity || bar < 0 || !persistence.sessionsStartingWith || !persistence.forgetSession) return;
        const keep = MAX_PER_ACCOUNT[identity.kind];
        const sessions = persistence.sessionsStartingWith(client.id.slice(0, bar + 1));
        let excess = sessions.length - keep;
        for (const id of sessions) {
          if (excess <= 0) return;
          if (id === client.id || clients[id]) continue;
          excess--;
          await persistence.forgetSession(id);
          logger.log(
            "info",
            `forgot the persistent session ${printable(id)}: an account keeps its ${keep} newest`
          );
        }
      };
      const addSubscriptions = persistence.addSubscriptions.bind(persistence);
      const storedOf = /* @__PURE__ */ new WeakMap();
      persistence.addSubscriptions = async (client, subscriptions) => {
        let stored = storedOf.get(subscriptions);
        if (!stored) {
          stored = /* @__PURE__ */ new Set();
          storedOf.set(subscriptions, stored);
        }
        const fresh = subscriptions.filter((s) => allowed.has(s) && !stored.has(s));
        if (fresh.length === 0) return;
        for (const s of fresh) stored.add(s);
        await addSubscriptions(client, fresh);
        await keepFewSessions(client);
      };
    }
  };
}

// src/adapters/broker/unsubscribe-narrowing.ts
function narrowUnsubscribes(client, narrow) {
  const parser = client._parser;
  if (!parser) throw new Error("aedes changed: no packet parser on the client to narrow UNSUBSCRIBE");
  const rewrite = (packet) => {
    if (packet.cmd !== "unsubscribe" || !packet.unsubscriptions) return;
    packet.unsubscriptions = packet.unsubscriptions.map((filter) => narrow(client, filter) ?? filter);
  };
  parser.prependListener("packet", rewrite);
  client.prependOnceListener("connected", () => {
    for (const packet of parser._queue ?? []) rewrite(packet);
  });
  return client;
}

// src/adapters/broker/embedded-broker.ts
async function startEmbeddedBroker(options) {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const families = /* @__PURE__ */ new Map();
  const accounts = createBrokerAccounts(families, logger, now);
  const identityOf = accounts.identityOf;
  const sessionRules = createSessionRules(identityOf, logger);
  const subscriptionCap = createSubscriptionCap();
  const retainRules = createRetainRules(logger);
  const aedesOptions = {
    preConnect: accounts.preConnect,
    authenticate: accounts.authenticate,
    ...createAuthorizeHooks({
      accounts,
      families,
      logger,
      now,
      sessionRules,
      subscriptionCap,
      retainRules,
      // aedes, and so publishAhead, exists only once these hooks are given to it.
      publishAhead: (packet, client, queued) => publishAhead(packet, client, queued),
      heldForRelease: (client, packet) => aedes.persistence.incomingGetPacket(client, packet).then(
        () => true,
        () => false
      )
    })
  };
  if (options.persistence) aedesOptions.persistence = options.persistence;
  if (options.heartbeatIntervalMs !== void 0) aedesOptions.heartbeatInterval = options.heartbeatIntervalMs;
  aedesOptions.concurrency = 0;
  const aedes = await Aedes.createBroker(aedesOptions);
  aedes.on(
    "error",
    (error) => logger.log("error", `broker: ${error.message}`)
  );
  const publishAhead = publishAheadOfAck(aedes);
  sessionRules.install(aedes);
  aedes.on("unsubscribe", (topics, client) => subscriptionCap.forget(client, topics));
  watchDeviceListening(aedes, identityOf, families);
  aedes.on("clientError", (client, error) => {
    if (error.message === "connection closed") return;
    const who = identityOf(client) ? printable(client.id) : `from ${remoteOf(client)}`;
    logger.log("info", `client ${who}: ${error.message}`);
  });
  const freshConnectionError = oncePerMinute();
  aedes.on("connectionError", (client, error) => {
    const from = remoteOf(client);
    if (freshConnectionError(`${from}|${error.message}`))
      logger.log("info", `connection from ${from}: ${error.message}`);
  });
  let listeners;
  try {
    const narrowFor = (client, filter) => {
      const identity = identityOf(client);
      return identity ? narrowSubscription(identity, filter, aclOf(identity)) : null;
    };
    listeners = await listenForBroker(
      (socket) => narrowUnsubscribes(aedes.handle(socket), narrowFor),
      options
    );
  } catch (error) {
    await new Promise((resolve2) => aedes.close(() => resolve2()));
    throw error;
  }
  const passwordCheck = setInterval(accounts.closeOutdatedLogins, options.passwordCheckIntervalMs ?? 5e3);
  passwordCheck.unref();
  return {
    mqttPort: listeners.mqttPort,
    mqttsPort: listeners.mqttsPort,
    publish(topic, payload, { qos, retain }) {
      const packet = {
        cmd: "publish",
        topic,
        payload: Buffer.from(payload),
        qos,
        retain,
        dup: false
      };
      return new Promise(
        (resolve2, reject) => aedes.publish(packet, (error) => error ? reject(error) : resolve2())
      );
    },
    addFamily(family, served) {
      if (families.has(family)) throw new Error(`the broker already serves a family named "${family}"`);
      families.set(family, served);
      return () => {
        if (families.get(family) !== served) return;
        families.delete(family);
        const clients = aedes.clients;
        for (const client of Object.values(clients)) if (identityOf(client)?.family === family) client.close();
      };
    },
    forgetRemovedDevices: (family, deviceIds) => forgetRemovedDevices(aedes, family, deviceIds, logger, (topic) => retainRules.kept(family, topic)),
    forgetRemovedFamilies: (served) => forgetRemovedFamilies(aedes, served, logger),
    reachOf: createDeviceReach(aedes, identityOf),
    connectedClients: () => aedes.connectedClients,
    setCertificate: (tls) => listeners.setCertificate(tls),
    async close() {
      clearInterval(passwordCheck);
      await listeners.close(() => new Promise((r) => aedes.close(() => r())));
    }
  };
}

// src/adapters/broker/sqlite-persistence.ts
var import_node_stream2 = require("node:stream");

// src/adapters/broker/bounded-persistence.ts
var import_node_stream = require("node:stream");
var import_aedes_packet5 = __toESM(require_packet());
var import_asyncPersistence = __toESM(require("aedes-persistence/asyncPersistence.js"));
var MAX_QUEUED_PER_CLIENT = 1e3;
var MAX_QUEUED_BYTES_PER_CLIENT = 8 * 1024 * 1024;
var sizeOf = (packet) => packet.payload?.length ?? 0;
var Packet5 = import_aedes_packet5.default;
var MAX_UNRELEASED_PER_ACCOUNT = 32;
var accountOf2 = (clientId) => clientId.slice(0, clientId.indexOf("|") + 1) || clientId;
var TRIM_SLACK = 64;
var BoundedMemoryPersistence = class extends import_asyncPersistence.default {
  #queues = /* @__PURE__ */ new Map();
  /** The payload bytes in each queue. */
  #queuedBytes = /* @__PURE__ */ new Map();
  /** Clients with stored subscriptions (persistent sessions), the one subscribed to last at the end. */
  #sessions = /* @__PURE__ */ new Set();
  async addSubscriptions(client, subs) {
    await super.addSubscriptions(client, subs);
    this.#sessions.delete(client.id);
    this.#sessions.add(client.id);
  }
  async cleanSubscriptions(client) {
    await super.cleanSubscriptions(client);
    this.#sessions.delete(client.id);
  }
  /** Persistent sessions whose client ids start with `prefix`, the one subscribed to longest ago first. */
  sessionsStartingWith(prefix) {
    const found = [];
    for (const id of this.#sessions) if (id.startsWith(prefix)) found.push(id);
    return found;
  }
  /** Ends a persistent session: its subscriptions, what waits for it and what it left unreleased. */
  async forgetSession(clientId) {
    await this.cleanSubscriptions({ id: clientId });
    await this.cleanIncoming({ id: clientId });
    this.#queues.delete(clientId);
    this.#queuedBytes.delete(clientId);
  }
  /** QoS 2 messages stored until their PUBREL: ids by client id, and per account, oldest first. */
  #unreleased = /* @__PURE__ */ new Map();
  #unreleasedOf = /* @__PURE__ */ new Map();
  async incomingStorePacket(client, packet) {
    const messageId = packet.messageId;
    let ids = this.#unreleased.get(client.id);
    if (!ids?.has(messageId)) {
      const account = accountOf2(client.id);
      let held = this.#unreleasedOf.get(account);
      if (!held) {
        held = /* @__PURE__ */ new Map();
        this.#unreleasedOf.set(account, held);
      }
      if (!ids) {
        ids = /* @__PURE__ */ new Set();
        this.#unreleased.set(client.id, ids);
      }
      ids.add(messageId);
      held.set(`${client.id}\0${messageId}`, { clientId: client.id, messageId });
      if (held.size > MAX_UNRELEASED_PER_ACCOUNT) this.#trimSoon(account);
    }
    await super.incomingStorePacket(client, packet);
  }
  /**
   * Cuts an account back to the bound once every store under way is done (a subclass writes its copy
   * after this class's store resolves, and aedes stores the packets of one socket read at the same
   * time): forgetting one whose store is still running would leave its copy behind, uncounted.
   */
  #trimSoon(account) {
    if (this.#trimming.has(account)) return;
    this.#trimming.add(account);
    setImmediate(() => {
      this.#trimming.delete(account);
      const held = this.#unreleasedOf.get(account);
      while (held && held.size > MAX_UNRELEASED_PER_ACCOUNT) {
        const oldest = held.values().next().value;
        this.#release(oldest.clientId, oldest.messageId);
        const forgotten = { messageId: oldest.messageId };
        this.incomingDelPacket({ id: oldest.clientId }, forgotten).catch(() => {
        });
      }
    });
  }
  #trimming = /* @__PURE__ */ new Set();
  async incomingDelPacket(client, packet) {
    this.#release(client.id, packet.messageId);
    await super.incomingDelPacket(client, packet);
  }
  async cleanIncoming(client) {
    for (const messageId of this.#unreleased.get(client.id) ?? []) this.#release(client.id, messageId);
    await super.cleanIncoming(client);
  }
  /** How many QoS 2 messages an account's sessions hold waiting for their PUBREL (for tests). */
  unreleasedOf(account) {
    return this.#unreleasedOf.get(account)?.size ?? 0;
  }
  #release(clientId, messageId) {
    const ids = this.#unreleased.get(clientId);
    if (!ids?.delete(messageId)) return;
    if (ids.size === 0) this.#unreleased.delete(clientId);
    const account = accountOf2(clientId);
    const held = this.#unreleasedOf.get(account);
    held?.delete(`${clientId}\0${messageId}`);
    if (held?.size === 0) this.#unreleasedOf.delete(account);
  }
  async outgoingEnqueue(sub, packet) {
    this.#push(sub.clientId, packet);
  }
  async outgoingEnqueueCombi(subs, packet) {
    for (const sub of subs) this.#push(sub.clientId, packet);
  }
  #push(clientId, packet) {
    let queue = this.#queues.get(clientId);
    if (!queue) {
      queue = [];
      this.#queues.set(clientId, queue);
    }
    queue.push(new Packet5(packet));
    let bytes = (this.#queuedBytes.get(clientId) ?? 0) + sizeOf(packet);
    if (queue.length > MAX_QUEUED_PER_CLIENT + TRIM_SLACK || bytes > MAX_QUEUED_BYTES_PER_CLIENT) {
      let drop = Math.max(0, queue.length - MAX_QUEUED_PER_CLIENT);
      for (let i = 0; i < drop; i++) bytes -= sizeOf(queue[i]);
      while (bytes > MAX_QUEUED_BYTES_PER_CLIENT && drop < queue.length - 1)
        bytes -= sizeOf(queue[drop++]);
      queue.splice(0, drop);
    }
    this.#queuedBytes.set(clientId, bytes);
  }
  /**
   * aedes gives a queued packet its packet id when it sends it; a resend may bring a new packet object.
   * A packet not found was trimmed from a full queue while aedes sent it from its copy: it goes out
   * all the same and its acknowledgement clears nothing. (The parent throws "no such packet", which
   * aedes treats as a client error and closes the connection.)
   */
  async outgoingUpdate(client, packet) {
    const queue = this.#queues.get(client.id) ?? [];
    for (let i = 0; i < queue.length; i++) {
      const queued = queue[i];
      if (queued.brokerId === packet.brokerId) {
        if (queued.brokerCounter === packet.brokerCounter) {
          queued.messageId = packet.messageId;
          return;
        }
      } else if (queued.messageId === packet.messageId) {
        queue[i] = packet;
        this.#queuedBytes.set(
          client.id,
          (this.#queuedBytes.get(client.id) ?? 0) - sizeOf(queued) + sizeOf(packet)
        );
        return;
      }
    }
  }
  /** Acknowledged (or given up on): out of the queue; the packet, or undefined if it was not there. */
  async outgoingClearMessageId(client, packet) {
    if (packet.messageId === void 0) return packet;
    const queue = this.#queues.get(client.id);
    if (!queue) return void 0;
    const at = queue.findIndex((queued) => queued.messageId === packet.messageId);
    if (at < 0) return void 0;
    const [cleared] = queue.splice(at, 1);
    if (queue.length === 0) {
      this.#queues.delete(client.id);
      this.#queuedBytes.delete(client.id);
    } else {
      this.#queuedBytes.set(
        client.id,
        (this.#queuedBytes.get(client.id) ?? 0) - sizeOf(cleared)
      );
    }
    return cleared;
  }
  outgoingStream(client) {
    return import_node_stream.Readable.from([...this.#queues.get(client.id) ?? []]);
  }
  /** How many messages wait for a client (for tests and diagnostics). */
  queuedFor(clientId) {
    return this.#queues.get(clientId)?.length ?? 0;
  }
};

// src/adapters/broker/persistence-tables.ts
var SCHEMA = `
  CREATE TABLE IF NOT EXISTS broker_retained (topic TEXT PRIMARY KEY, packet TEXT NOT NULL, payload BLOB NOT NULL);
  CREATE TABLE IF NOT EXISTS broker_subscription (
    client_id TEXT NOT NULL, topic TEXT NOT NULL, options TEXT NOT NULL, PRIMARY KEY (client_id, topic));
  CREATE TABLE IF NOT EXISTS broker_outgoing (
    id INTEGER PRIMARY KEY, client_id TEXT NOT NULL, broker_id TEXT, broker_counter INTEGER,
    message_id INTEGER, packet TEXT NOT NULL, payload BLOB NOT NULL);
  CREATE INDEX IF NOT EXISTS broker_outgoing_client ON broker_outgoing (client_id, id);
  CREATE TABLE IF NOT EXISTS broker_incoming (
    client_id TEXT NOT NULL, message_id INTEGER NOT NULL, packet TEXT NOT NULL, payload BLOB NOT NULL,
    PRIMARY KEY (client_id, message_id));
  CREATE TABLE IF NOT EXISTS broker_will (client_id TEXT PRIMARY KEY, packet TEXT NOT NULL, payload BLOB NOT NULL);
`;
var ROW_BYTES = 100;
var encode = (packet) => {
  const { payload, ...rest } = packet;
  return [JSON.stringify(rest), Buffer.isBuffer(payload) ? payload : Buffer.from(payload ?? "")];
};
var decode = (row) => ({ ...JSON.parse(row.packet), payload: row.payload });
function brokerStatements(db) {
  db.exec(SCHEMA);
  return {
    upsertRetained: db.prepare(
      "INSERT OR REPLACE INTO broker_retained (topic, packet, payload) VALUES (?, ?, ?)"
    ),
    deleteRetained: db.prepare("DELETE FROM broker_retained WHERE topic = ?"),
    upsertSub: db.prepare(
      "INSERT OR REPLACE INTO broker_subscription (client_id, topic, options) VALUES (?, ?, ?)"
    ),
    deleteSub: db.prepare("DELETE FROM broker_subscription WHERE client_id = ? AND topic = ?"),
    deleteSubs: db.prepare("DELETE FROM broker_subscription WHERE client_id = ?"),
    enqueue: db.prepare(
      "INSERT INTO broker_outgoing (client_id, broker_id, broker_counter, message_id, packet, payload) VALUES (?, ?, ?, NULL, ?, ?)"
    ),
    // From the oldest up to the newest message at which the newer ones' payloads pass the byte bound.
    trimQueueBytes: db.prepare(
      `DELETE FROM broker_outgoing WHERE client_id = @client AND id <= (
        SELECT id FROM (
          SELECT id, SUM(length(payload)) OVER (ORDER BY id DESC) AS newer
          FROM broker_outgoing WHERE client_id = @client)
        WHERE newer > @limit AND id < (SELECT MAX(id) FROM broker_outgoing WHERE client_id = @client)
        ORDER BY id DESC LIMIT 1)`
    ),
    trimQueue: db.prepare(
      "DELETE FROM broker_outgoing WHERE client_id = ? AND id <= (SELECT id FROM broker_outgoing WHERE client_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)"
    ),
    setMessageId: db.prepare(
      "UPDATE broker_outgoing SET message_id = ? WHERE client_id = ? AND broker_id IS ? AND broker_counter IS ?"
    ),
    clearMessageId: db.prepare("DELETE FROM broker_outgoing WHERE client_id = ? AND message_id = ?"),
    deleteQueue: db.prepare("DELETE FROM broker_outgoing WHERE client_id = ?"),
    storeIncoming: db.prepare(
      "INSERT OR REPLACE INTO broker_incoming (client_id, message_id, packet, payload) VALUES (?, ?, ?, ?)"
    ),
    deleteIncoming: db.prepare("DELETE FROM broker_incoming WHERE client_id = ? AND message_id = ?"),
    cleanIncoming: db.prepare("DELETE FROM broker_incoming WHERE client_id = ?"),
    putWill: db.prepare("INSERT OR REPLACE INTO broker_will (client_id, packet, payload) VALUES (?, ?, ?)"),
    deleteWill: db.prepare("DELETE FROM broker_will WHERE client_id = ?")
  };
}
function readSaved(db) {
  db.prepare(
    "DELETE FROM broker_subscription WHERE length(topic) > ? OR length(topic) - length(replace(topic, '/', '')) >= ?"
  ).run(MAX_FILTER_LENGTH, MAX_FILTER_LEVELS);
  const subscriptions = db.prepare("SELECT client_id, topic, options FROM broker_subscription").all();
  const queued = db.prepare("SELECT client_id, message_id, packet, payload FROM broker_outgoing ORDER BY id").all();
  const incoming = db.prepare("SELECT client_id, message_id, packet, payload FROM broker_incoming").all();
  const wills = db.prepare("SELECT client_id, packet, payload FROM broker_will").all();
  return {
    retained: db.prepare("SELECT packet, payload FROM broker_retained").all().map(decode),
    subscriptions: subscriptions.map((row) => ({
      clientId: row.client_id,
      subscription: { topic: row.topic, ...JSON.parse(row.options) }
    })),
    queued: queued.map((row) => ({
      clientId: row.client_id,
      packet: decode(row),
      messageId: row.message_id
    })),
    incoming: incoming.map((row) => ({
      clientId: row.client_id,
      packet: { ...decode(row), messageId: row.message_id }
    })),
    wills: wills.map((row) => ({ clientId: row.client_id, packet: decode(row) }))
  };
}

// src/adapters/broker/outgoing-queue-writes.ts
var TRIM_EVERY = 32;
var TRIM_EVERY_BYTES = 1024 * 1024;
var OutgoingQueueWrites = class {
  #to;
  // Transaction functions are made once, in the constructor: better-sqlite3 builds a transaction
  // function's wrappers each time it is asked for one.
  /** Enqueues and payload bytes per client since its queue was last cut to the bounds on disk. */
  #sinceTrim = /* @__PURE__ */ new Map();
  /** Queues a message for clients; the bounds are enforced every TRIM_EVERY enqueues or bytes. */
  #enqueueAll;
  /** Writes deferred packet-id updates in order (see flushIdUpdates). */
  #writeIdUpdates;
  constructor(to) {
    this.#to = to;
    const { db, sql } = to;
    const sinceTrim = this.#sinceTrim;
    this.#writeIdUpdates = db.transaction((updates) => {
      for (const update of updates) {
        if (update[0] === 0) sql.setMessageId.run(update[1], update[2], update[3], update[4]);
        else sql.clearMessageId.run(update[1], update[2]);
      }
    });
    this.#enqueueAll = db.transaction((subs, packet, json, payload) => {
      for (const { clientId } of subs) {
        sql.enqueue.run(clientId, packet.brokerId ?? null, packet.brokerCounter ?? null, json, payload);
        let since = sinceTrim.get(clientId);
        if (!since) {
          since = { count: TRIM_EVERY, bytes: 0 };
          sinceTrim.set(clientId, since);
        }
        since.bytes += payload.length;
        if (since.count < TRIM_EVERY && since.bytes < TRIM_EVERY_BYTES) since.count++;
        else {
          sql.trimQueue.run(clientId, clientId, MAX_QUEUED_PER_CLIENT);
          sql.trimQueueBytes.run({ client: clientId, limit: MAX_QUEUED_BYTES_PER_CLIENT });
          since.count = 1;
          since.bytes = 0;
        }
      }
    });
  }
  /** Writes a message queued for each of `subs`, in one transaction. */
  enqueue(subs, packet) {
    const [json, payload] = encode(packet);
    this.#enqueueAll(subs, packet, json, payload);
    this.#to.onCommitted(subs.length * (json.length + payload.length));
  }
  /** A client's session is gone: its count towards the next trim starts again. */
  forget(clientId) {
    this.#sinceTrim.delete(clientId);
  }
  // A queued message's packet id (set when it goes out, cleared at its PUBACK) is written at the end of
  // the event-loop turn, with the turn's others in one transaction: it was two more transactions per
  // QoS 1 delivery. Losing one to a crash only means a redelivery after the restart, which QoS 1
  // allows (the phone and the clock drop duplicates by device and tst); the queued message itself is
  // written through, above.
  #idUpdates = [];
  /** The packet id a queued message went out with. */
  setMessageId(clientId, packet) {
    this.#deferIdUpdate([
      0,
      packet.messageId ?? null,
      clientId,
      packet.brokerId ?? null,
      packet.brokerCounter ?? null
    ]);
  }
  /** The message a client acknowledged is done with. */
  clearMessageId(clientId, messageId) {
    this.#deferIdUpdate([1, clientId, messageId]);
  }
  #deferIdUpdate(update) {
    if (this.#idUpdates.length === 0) setImmediate(() => this.flushIdUpdates());
    this.#idUpdates.push(update);
  }
  /** Writes the pending packet-id updates now (also at close). */
  flushIdUpdates() {
    const updates = this.#idUpdates;
    if (updates.length === 0 || !this.#to.db.open) return;
    this.#idUpdates = [];
    try {
      this.#writeIdUpdates(updates);
      this.#to.onCommitted(updates.length * ROW_BYTES);
    } catch (error) {
      this.#to.onError(error instanceof Error ? error : new Error(String(error)));
    }
  }
};

// src/adapters/broker/retained-write-behind.ts
var RETAINED_WRITE_DELAY_MS = 1e3;
var RetainedWriteBehind = class {
  #to;
  /** Retained messages not yet written, by topic: [packet JSON, payload], or null for a clear. */
  #retained = /* @__PURE__ */ new Map();
  #retainedTimer;
  constructor(to) {
    this.#to = to;
  }
  /** Keeps a retained message (an empty payload clears its topic) for the next write. */
  store(packet) {
    const [json, payload] = encode(packet);
    this.#retained.set(packet.topic, payload.length === 0 ? null : [json, Buffer.from(payload)]);
    this.#retainedTimer ??= setTimeout(() => this.flush(), RETAINED_WRITE_DELAY_MS).unref();
  }
  /** Writes the retained messages still waiting, in one transaction. */
  flush() {
    clearTimeout(this.#retainedTimer);
    this.#retainedTimer = void 0;
    if (this.#retained.size === 0 || !this.#to.db.open) return;
    const pending = this.#retained;
    this.#retained = /* @__PURE__ */ new Map();
    try {
      let bytes = 0;
      this.#to.db.transaction(() => {
        for (const [topic, row] of pending) {
          if (row === null) this.#to.sql.deleteRetained.run(topic);
          else this.#to.sql.upsertRetained.run(topic, ...row);
          bytes += topic.length + (row === null ? 0 : row[0].length + row[1].length);
        }
      })();
      this.#to.onCommitted(bytes);
    } catch (error) {
      for (const [topic, row] of pending) if (!this.#retained.has(topic)) this.#retained.set(topic, row);
      this.#retainedTimer ??= setTimeout(() => this.flush(), RETAINED_WRITE_DELAY_MS).unref();
      this.#to.onError(error instanceof Error ? error : new Error(String(error)));
    }
  }
};

// src/adapters/broker/sqlite-persistence.ts
var SqlitePersistence = class extends BoundedMemoryPersistence {
  #db;
  #sql;
  /**
   * Clients that may have rows, per table: every connect and disconnect asks to clean these, and
   * skipping the DELETE when there is nothing keeps a plain reconnect free of disk writes (and of
   * the WAL checkpoints they eventually cause). `outgoing`: clients that have had messages queued.
   */
  #hasRows = {
    subs: /* @__PURE__ */ new Set(),
    incoming: /* @__PURE__ */ new Set(),
    will: /* @__PURE__ */ new Set(),
    outgoing: /* @__PURE__ */ new Set()
  };
  #retained;
  #queue;
  #onCommitted;
  /** Rows deleted: each is a page touched, roughly a row's worth of WAL. */
  #wrote(rows) {
    if (rows > 0) this.#onCommitted(rows * ROW_BYTES);
  }
  constructor(db, options = {}) {
    super();
    this.#onCommitted = options.onCommitted ?? (() => {
    });
    this.#db = db;
    this.#sql = brokerStatements(db);
    const writes = {
      db,
      sql: this.#sql,
      onCommitted: this.#onCommitted,
      onError: options.onError ?? (() => {
      })
    };
    this.#retained = new RetainedWriteBehind(writes);
    this.#queue = new OutgoingQueueWrites(writes);
  }
  async setup(broker) {
    await super.setup(broker);
    const saved = readSaved(this.#db);
    for (const packet of saved.retained) await super.storeRetained(packet);
    for (const { clientId, subscription } of saved.subscriptions) {
      this.#hasRows.subs.add(clientId);
      await super.addSubscriptions(clientOf(clientId), [subscription]);
    }
    for (const { clientId, packet, messageId } of saved.queued) {
      this.#hasRows.outgoing.add(clientId);
      await super.outgoingEnqueue({ clientId }, packet);
      if (messageId !== null) await super.outgoingUpdate(clientOf(clientId), { ...packet, messageId });
    }
    for (const { clientId, packet } of saved.incoming) {
      this.#hasRows.incoming.add(clientId);
      await super.incomingStorePacket(clientOf(clientId), packet);
    }
    for (const { clientId, packet } of saved.wills) {
      const will = packet;
      const brokerId = will.brokerId;
      this.#hasRows.will.add(clientId);
      await super.putWill(clientOf(clientId), will);
      will.brokerId = brokerId;
    }
  }
  async storeRetained(packet) {
    await super.storeRetained(packet);
    this.#retained.store(packet);
  }
  /** Writes the retained messages still waiting, in one transaction; the broker's close calls it. */
  flushRetained() {
    this.#retained.flush();
  }
  async addSubscriptions(client, subs) {
    await super.addSubscriptions(client, subs);
    this.#hasRows.subs.add(client.id);
    this.#db.transaction(() => {
      for (const { topic, ...options } of subs)
        this.#sql.upsertSub.run(client.id, topic, JSON.stringify(options));
    })();
    this.#onCommitted(subs.length * ROW_BYTES);
  }
  async removeSubscriptions(client, topics) {
    await super.removeSubscriptions(client, topics);
    this.#db.transaction(() => {
      for (const topic of topics) this.#sql.deleteSub.run(client.id, topic);
    })();
    this.#onCommitted(topics.length * ROW_BYTES);
  }
  async cleanSubscriptions(client) {
    await super.cleanSubscriptions(client);
    if (this.#hasRows.subs.delete(client.id)) this.#wrote(this.#sql.deleteSubs.run(client.id).changes);
  }
  async forgetSession(clientId) {
    await super.forgetSession(clientId);
    this.#queue.forget(clientId);
    if (this.#hasRows.outgoing.delete(clientId)) this.#wrote(this.#sql.deleteQueue.run(clientId).changes);
  }
  async outgoingEnqueue(sub, packet) {
    await super.outgoingEnqueue(sub, packet);
    this.#enqueue([sub], packet);
  }
  async outgoingEnqueueCombi(subs, packet) {
    const once2 = subs.length < 2 ? subs : [...new Map(subs.map((sub) => [sub.clientId, sub])).values()];
    await super.outgoingEnqueueCombi(once2, packet);
    this.#enqueue(once2, packet);
  }
  #enqueue(subs, packet) {
    if (subs.length === 0) return;
    for (const sub of subs) this.#hasRows.outgoing.add(sub.clientId);
    this.#queue.enqueue(subs, packet);
  }
  /**
   * aedes reads this at every CONNECT, to send what was queued while the client was away. The parent's
   * stream (Readable.from over a copy of the queue) keeps a connect's objects alive past V8's next
   * young-generation collection, which then has to copy them: over a run of TLS reconnects those
   * pauses averaged ~5.3 ms with it and ~4.0 ms with this (they are the slow connects of
   * `bench:footprint`; aedes' own stream pipeline around this stream does much of the rest). A client
   * that never had anything queued gets a stream that simply ends.
   */
  outgoingStream(client) {
    if (this.#hasRows.outgoing.has(client.id)) return super.outgoingStream(client);
    return new import_node_stream2.Readable({
      objectMode: true,
      read() {
        this.push(null);
      }
    });
  }
  /** Writes the pending packet-id updates now (also at close). */
  flushIdUpdates() {
    this.#queue.flushIdUpdates();
  }
  async outgoingUpdate(client, packet) {
    await super.outgoingUpdate(client, packet);
    this.#queue.setMessageId(client.id, packet);
  }
  async outgoingClearMessageId(client, packet) {
    if (packet.messageId === void 0) return packet;
    const cleared = await super.outgoingClearMessageId(client, packet);
    if (this.#hasRows.outgoing.has(client.id)) this.#queue.clearMessageId(client.id, packet.messageId);
    return cleared;
  }
  async incomingStorePacket(client, packet) {
    await super.incomingStorePacket(client, packet);
    this.#hasRows.incoming.add(client.id);
    const [json, payload] = encode(packet);
    this.#sql.storeIncoming.run(client.id, packet.messageId ?? null, json, payload);
    this.#onCommitted(ROW_BYTES + json.length + payload.length);
  }
  async incomingDelPacket(client, packet) {
    await super.incomingDelPacket(client, packet);
    this.#sql.deleteIncoming.run(client.id, packet.messageId ?? null);
    this.#onCommitted(ROW_BYTES);
  }
  async cleanIncoming(client) {
    await super.cleanIncoming(client);
    if (this.#hasRows.incoming.delete(client.id)) this.#wrote(this.#sql.cleanIncoming.run(client.id).changes);
  }
  async putWill(client, packet) {
    await super.putWill(client, packet);
    this.#hasRows.will.add(client.id);
    const [json, payload] = encode(packet);
    this.#sql.putWill.run(client.id, json, payload);
    this.#onCommitted(ROW_BYTES + json.length + payload.length);
  }
  async delWill(client) {
    const will = await super.delWill(client);
    if (this.#hasRows.will.delete(client.id)) this.#wrote(this.#sql.deleteWill.run(client.id).changes);
    return will;
  }
};
var clientOf = (id) => ({ id });

// src/adapters/tls/certificates.ts
var import_node_crypto11 = require("node:crypto");
var import_node_fs10 = require("node:fs");
var import_node_os4 = require("node:os");
var import_node_path10 = __toESM(require("node:path"));

// src/adapters/tls/issue-certificate.ts
var import_node_crypto10 = require("node:crypto");
var import_node_net5 = require("node:net");
var import_node_os3 = require("node:os");
var import_node_url2 = require("node:url");

// src/adapters/tls/der.ts
var import_node_net4 = require("node:net");
var TAG = {
  boolean: 1,
  integer: 2,
  bitString: 3,
  octetString: 4,
  null: 5,
  oid: 6,
  utf8String: 12,
  utcTime: 23,
  generalizedTime: 24,
  sequence: 48,
  set: 49
};
var contextTag = (n, constructed) => (constructed ? 160 : 128) | n;
function tlv(tag, content) {
  const length = content.length;
  const lengthBytes = [];
  if (length < 128) {
    lengthBytes.push(length);
  } else {
    for (let n = length; n > 0; n = Math.floor(n / 256)) lengthBytes.unshift(n % 256);
    lengthBytes.unshift(128 | lengthBytes.length);
  }
  return Buffer.concat([Buffer.from([tag, ...lengthBytes]), content]);
}
var sequence = (...items) => tlv(TAG.sequence, Buffer.concat(items));
var singletonSet = (item) => tlv(TAG.set, item);
var booleanTrue = () => tlv(TAG.boolean, Buffer.from([255]));
var derNull = () => tlv(TAG.null, Buffer.alloc(0));
function unsignedInteger(magnitude) {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const bytes = Buffer.from(magnitude.subarray(start));
  const first = bytes[0] ?? 0;
  return tlv(
    TAG.integer,
    first & 128 || bytes.length === 0 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes
  );
}
function objectId(dotted) {
  const arcs = dotted.split(".").map(Number);
  const [first = 0, second = 0, ...rest] = arcs;
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const base128 = [arc % 128];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) base128.unshift(128 | n % 128);
    bytes.push(...base128);
  }
  return tlv(TAG.oid, Buffer.from(bytes));
}
var utf8String = (text) => tlv(TAG.utf8String, Buffer.from(text, "utf8"));
var octetString = (bytes) => tlv(TAG.octetString, bytes);
var bitString = (bytes) => tlv(TAG.bitString, Buffer.concat([Buffer.from([0]), bytes]));
function namedBits(bits2) {
  const highest = Math.max(...bits2);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits2) bytes[Math.floor(bit / 8)] = (bytes[Math.floor(bit / 8)] ?? 0) | 128 >> bit % 8;
  const unused = 7 - highest % 8;
  return tlv(TAG.bitString, Buffer.concat([Buffer.from([unused]), bytes]));
}
function time(date) {
  const digits = date.toISOString().replace(/\.\d{3}/, "").replace(/[-:T]/g, "");
  return date.getUTCFullYear() < 2050 ? tlv(TAG.utcTime, Buffer.from(digits.slice(2), "ascii")) : tlv(TAG.generalizedTime, Buffer.from(digits, "ascii"));
}
function ipAddressBytes(ip) {
  if ((0, import_node_net4.isIPv4)(ip)) return Buffer.from(ip.split(".").map(Number));
  if (!(0, import_node_net4.isIPv6)(ip)) throw new Error(`not an IP address: ${ip}`);
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip)?.[1];
  const text = v4 ? ip.replace(v4, ipv4AsGroups(v4)) : ip;
  const [head = "", tail] = text.split("::");
  const groups = (part) => part === "" ? [] : part.split(":");
  const left = groups(head);
  const right = tail === void 0 ? [] : groups(tail);
  const all = [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  const bytes = Buffer.alloc(16);
  for (const [i, group] of all.entries()) bytes.writeUInt16BE(Number.parseInt(group, 16), i * 2);
  return bytes;
}
function ipv4AsGroups(v4) {
  const [a = 0, b = 0, c = 0, d = 0] = v4.split(".").map(Number);
  return `${(a << 8 | b).toString(16)}:${(c << 8 | d).toString(16)}`;
}
function toPem(label, der) {
  const base64 = Buffer.from(der).toString("base64");
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----
${lines.join("\n")}
-----END ${label}-----
`;
}
function readElement(der, at) {
  const tag = der[at];
  const first = der[at + 1];
  if (tag === void 0 || first === void 0) throw new Error("DER: truncated element");
  let length = first;
  let contentStart = at + 2;
  if (first & 128) {
    const count = first & 127;
    if (count === 0 || count > 4) throw new Error("DER: unsupported length");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[at + 2 + i] ?? 0);
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > der.length) throw new Error("DER: element runs past the end");
  return { tag, start: at, contentStart, end };
}
function childrenOf(der, parent) {
  const children = [];
  for (let at = parent.contentStart; at < parent.end; ) {
    const child = readElement(der, at);
    children.push(child);
    at = child.end;
  }
  return children;
}

// src/adapters/tls/issue-certificate.ts
var DAY_MS = 864e5;
var SERVER_VALIDITY_DAYS = 820;
var CA_VALIDITY_DAYS = 3650;
function newKeyPair(type) {
  const { privateKey, publicKey } = type === "ec" ? (0, import_node_crypto10.generateKeyPairSync)("ec", { namedCurve: "P-256" }) : (0, import_node_crypto10.generateKeyPairSync)("rsa", { modulusLength: 2048 });
  return { privateKey, publicKey, keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}
var OID = {
  commonName: "2.5.4.3",
  organizationName: "2.5.4.10",
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  sha256WithRsa: "1.2.840.113549.1.1.11"
};
var DIGITAL_SIGNATURE = 0;
var KEY_CERT_SIGN = 5;
var CRL_SIGN = 6;
function certificatePem(fields) {
  const algorithm = signatureAlgorithm(fields.signingKey);
  const serial = Buffer.concat([Buffer.from([1]), (0, import_node_crypto10.randomBytes)(15)]);
  const tbs = sequence(
    tlv(contextTag(0, true), unsignedInteger(Buffer.from([2]))),
    // version 3
    unsignedInteger(serial),
    algorithm,
    fields.issuer,
    sequence(time(new Date(fields.nowMs - DAY_MS)), time(new Date(fields.nowMs + fields.days * DAY_MS))),
    fields.subject,
    fields.publicKey.export({ type: "spki", format: "der" }),
    tlv(contextTag(3, true), sequence(...fields.extensions))
  );
  const signature = (0, import_node_crypto10.sign)("sha256", tbs, fields.signingKey);
  return toPem("CERTIFICATE", sequence(tbs, algorithm, bitString(signature)));
}
function signatureAlgorithm(key) {
  if (key.asymmetricKeyType === "ec") return sequence(objectId(OID.ecdsaWithSha256));
  if (key.asymmetricKeyType === "rsa") return sequence(objectId(OID.sha256WithRsa), derNull());
  throw new Error(`cannot sign a certificate with a ${key.asymmetricKeyType ?? "unknown"} key`);
}
function distinguishedName(attributes) {
  return sequence(
    ...attributes.map(([oid, value]) => singletonSet(sequence(objectId(oid), utf8String(value))))
  );
}
function extension(oid, value, critical = false) {
  return sequence(objectId(oid), ...critical ? [booleanTrue()] : [], octetString(value));
}
function keyIdentifier(publicKey) {
  const spki = publicKey.export({ type: "spki", format: "der" });
  const [, bits2] = childrenOf(spki, readElement(spki, 0));
  if (!bits2) throw new Error("public key without key bits");
  return (0, import_node_crypto10.createHash)("sha1").update(spki.subarray(bits2.contentStart + 1, bits2.end)).digest();
}
function issueCa(nowMs, keyType = "ec") {
  const keys = newKeyPair(keyType);
  const subject = distinguishedName([
    [OID.commonName, `Weasley Clock CA (${(0, import_node_os3.hostname)()})`],
    [OID.organizationName, "Weasley Clock"]
  ]);
  const certPem = certificatePem({
    subject,
    issuer: subject,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    nowMs,
    days: CA_VALIDITY_DAYS,
    extensions: [
      // pathLenConstraint 0 (RFC 5280 §4.2.1.9): it signs server certificates only, never another CA, so
      // its key (in the data folder) cannot mint a sub-CA that the phones trusting it would trust too.
      extension(OID.basicConstraints, sequence(booleanTrue(), unsignedInteger(Uint8Array.of(0))), true),
      extension(OID.keyUsage, namedBits([KEY_CERT_SIGN, CRL_SIGN]), true),
      extension(OID.subjectKeyIdentifier, octetString(keyIdentifier(keys.publicKey)))
    ]
  });
  return { certPem, keyPem: keys.keyPem };
}
function issueServerCert(caCertPem, caKeyPem, names, nowMs) {
  const ca = readCa(caCertPem);
  const keys = newKeyPair("ec");
  const certPem = certificatePem({
    subject: distinguishedName([[OID.commonName, names.find((n) => !isIp(n)) ?? "localhost"]]),
    issuer: ca.subject,
    publicKey: keys.publicKey,
    signingKey: (0, import_node_crypto10.createPrivateKey)(caKeyPem),
    nowMs,
    days: SERVER_VALIDITY_DAYS,
    extensions: [
      extension(OID.basicConstraints, sequence()),
      extension(OID.keyUsage, namedBits([DIGITAL_SIGNATURE]), true),
      extension(OID.extKeyUsage, sequence(objectId(OID.serverAuth))),
      // RFC 9525 / OWNTRACKS.md §4.1: phones check the SAN, never the common name.
      extension(
        OID.subjectAltName,
        sequence(
          ...names.map(
            (n) => isIp(n) ? tlv(contextTag(7, false), ipAddressBytes(n)) : tlv(contextTag(2, false), Buffer.from((0, import_node_url2.domainToASCII)(n) || n, "ascii"))
          )
        )
      ),
      extension(OID.subjectKeyIdentifier, octetString(keyIdentifier(keys.publicKey))),
      extension(OID.authorityKeyIdentifier, sequence(tlv(contextTag(0, false), ca.keyIdentifier)))
    ]
  });
  return { certPem, keyPem: keys.keyPem };
}
function readCa(caCertPem) {
  const cert = new import_node_crypto10.X509Certificate(caCertPem);
  const der = cert.raw;
  const [tbs] = childrenOf(der, readElement(der, 0));
  if (!tbs) throw new Error("CA certificate without a body");
  const fields = childrenOf(der, tbs);
  const first = fields[0]?.tag === contextTag(0, true) ? 1 : 0;
  const subject = fields[first + 4];
  if (!subject) throw new Error("CA certificate without a subject");
  return {
    subject: Buffer.from(der.subarray(subject.start, subject.end)),
    keyIdentifier: subjectKeyIdentifierOf(der, fields) ?? keyIdentifier(cert.publicKey)
  };
}
function subjectKeyIdentifierOf(der, fields) {
  const wrapper = fields.find((f) => f.tag === contextTag(3, true));
  const [list] = wrapper ? childrenOf(der, wrapper) : [];
  const wanted = objectId(OID.subjectKeyIdentifier);
  for (const ext of list ? childrenOf(der, list) : []) {
    const parts = childrenOf(der, ext);
    const id = parts[0];
    const value = parts[parts.length - 1];
    if (!id || !value || !der.subarray(id.start, id.end).equals(wanted)) continue;
    const inner = readElement(der, value.contentStart);
    return Buffer.from(der.subarray(inner.contentStart, inner.end));
  }
  return void 0;
}
var isIp = (name) => (0, import_node_net5.isIP)(name) !== 0;

// src/adapters/tls/certificates.ts
function defaultCertificateNames(publicHosts) {
  const names = ["localhost", "127.0.0.1", "::1", (0, import_node_os4.hostname)(), ...publicHosts];
  return [...new Set(names.filter((n) => n.trim() !== "").map((n) => n.toLowerCase()))];
}
function ensureCertificates(dir, names, nowMs = Date.now(), mayMakeCa = true) {
  (0, import_node_fs10.mkdirSync)(dir, { recursive: true, mode: 448 });
  const caCertFile = import_node_path10.default.join(dir, "ca.crt");
  const caKeyFile = import_node_path10.default.join(dir, "ca.key");
  const certFile = import_node_path10.default.join(dir, "server.crt");
  const keyFile = import_node_path10.default.join(dir, "server.key");
  let action = "reused";
  if (!readableCa(caCertFile, caKeyFile)) {
    if (!mayMakeCa) throw new Error(`the clock's CA in ${dir} is damaged or incomplete`);
    for (const half of [caCertFile, caKeyFile])
      if ((0, import_node_fs10.existsSync)(half))
        (0, import_node_fs10.renameSync)(half, `${half}.kept-${new Date(nowMs).toISOString().replace(/[:.]/g, "-")}`);
    const ca = issueCa(nowMs);
    writePrivateFile(caKeyFile, ca.keyPem);
    writeFileAtomically(caCertFile, ca.certPem);
    action = "generated";
  }
  if (action === "generated" || !(0, import_node_fs10.existsSync)(certFile) || !(0, import_node_fs10.existsSync)(keyFile) || !serverCertCovers(certFile, keyFile, names, nowMs)) {
    const server = issueServerCert(
      (0, import_node_fs10.readFileSync)(caCertFile, "utf8"),
      (0, import_node_fs10.readFileSync)(caKeyFile, "utf8"),
      names,
      nowMs
    );
    writePrivateFile(keyFile, server.keyPem);
    writeFileAtomically(certFile, server.certPem);
    if (action === "reused") action = "reissued";
  }
  return { caCertFile, certFile, keyFile, names: sanNames((0, import_node_fs10.readFileSync)(certFile, "utf8")), action };
}
function caExpiryWarning(caCertFile, nowMs = Date.now()) {
  const validTo = new Date(new import_node_crypto11.X509Certificate((0, import_node_fs10.readFileSync)(caCertFile)).validTo);
  const daysLeft = Math.floor((validTo.getTime() - nowMs) / DAY_MS);
  if (daysLeft >= 365) return void 0;
  const when = daysLeft < 0 ? "expired on" : `expires in ${daysLeft} days, on`;
  return `the clock's CA (${caCertFile}) ${when} ${validTo.toISOString().slice(0, 10)}: move ${import_node_path10.default.dirname(caCertFile)} aside and start the clock to make a new one, then install it on every phone`;
}
function readIfThere(file) {
  try {
    return (0, import_node_fs10.readFileSync)(file, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return void 0;
    throw error;
  }
}
function readableCa(caCertFile, caKeyFile) {
  const certPem = readIfThere(caCertFile);
  const keyPem = readIfThere(caKeyFile);
  if (certPem === void 0 || keyPem === void 0) return false;
  try {
    return new import_node_crypto11.X509Certificate(certPem).checkPrivateKey((0, import_node_crypto11.createPrivateKey)(keyPem));
  } catch {
    return false;
  }
}
function serverCertCovers(certFile, keyFile, names, nowMs) {
  const pem = readIfThere(certFile);
  const keyPem = readIfThere(keyFile);
  if (pem === void 0 || keyPem === void 0) return false;
  let cert;
  try {
    cert = new import_node_crypto11.X509Certificate(pem);
    if (!cert.checkPrivateKey((0, import_node_crypto11.createPrivateKey)(keyPem))) return false;
  } catch {
    return false;
  }
  if (new Date(cert.validTo).getTime() - nowMs < 30 * DAY_MS) return false;
  const have = new Set(sanNames(pem));
  return names.every((n) => have.has(canonicalName(n)));
}

// src/adapters/tls/watch-certificate.ts
var import_node_fs11 = require("node:fs");
var import_node_tls2 = require("node:tls");
function watchCertificate(files, apply, logger, intervalMs) {
  const { certFile, keyFile } = files;
  const reload = () => {
    try {
      const tls = { cert: (0, import_node_fs11.readFileSync)(certFile), key: (0, import_node_fs11.readFileSync)(keyFile) };
      (0, import_node_tls2.createSecureContext)(tls);
      apply(tls);
      logger.log("info", `reloaded the TLS certificate from ${certFile}`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      logger.log(
        "warn",
        `kept the current TLS certificate: ${certFile} and ${keyFile} do not load (${reason})`
      );
    }
  };
  const onChange = (current2, previous) => {
    if (current2.mtimeMs !== previous.mtimeMs || current2.size !== previous.size) reload();
  };
  (0, import_node_fs11.watchFile)(certFile, { interval: intervalMs, persistent: false }, onChange);
  (0, import_node_fs11.watchFile)(keyFile, { interval: intervalMs, persistent: false }, onChange);
  return () => {
    (0, import_node_fs11.unwatchFile)(certFile, onChange);
    (0, import_node_fs11.unwatchFile)(keyFile, onChange);
  };
}

// src/app/served-broker.ts
async function startBrokerWithCertificate(b, options) {
  let tls;
  let info;
  if (b.certFile && b.keyFile) {
    tls = { cert: (0, import_node_fs12.readFileSync)(b.certFile), key: (0, import_node_fs12.readFileSync)(b.keyFile) };
    info = { kind: "embedded", mqttPort: 0, mqttsPort: 0, certNames: b.publicHosts };
  } else {
    const files = ensureCertificates(options.tlsDir, defaultCertificateNames(b.publicHosts));
    const expiring = caExpiryWarning(files.caCertFile);
    if (expiring) options.logger.log("warn", expiring);
    tls = { cert: (0, import_node_fs12.readFileSync)(files.certFile), key: (0, import_node_fs12.readFileSync)(files.keyFile) };
    info = {
      kind: "embedded",
      mqttPort: 0,
      mqttsPort: 0,
      certNames: files.names,
      caCertFile: files.caCertFile,
      certAction: files.action
    };
  }
  const persistence = new SqlitePersistence(options.db, {
    onError: (error) => options.logger.log("error", `could not save retained messages: ${error.message}`),
    ...options.onCommitted ? { onCommitted: options.onCommitted } : {}
  });
  const broker = await startEmbeddedBroker({
    config: b,
    tls,
    logger: options.logger,
    persistence,
    maxPacketBytes: options.maxPacketBytes,
    ...options.passwordCheckIntervalMs === void 0 ? {} : { passwordCheckIntervalMs: options.passwordCheckIntervalMs }
  });
  info.mqttPort = broker.mqttPort;
  info.mqttsPort = broker.mqttsPort;
  const stopWatching = b.certFile && b.keyFile ? watchCertificate(
    { certFile: b.certFile, keyFile: b.keyFile },
    broker.setCertificate,
    options.logger,
    options.certCheckIntervalMs
  ) : renewWhileRunning(b, options, broker.setCertificate);
  return {
    broker,
    info,
    ...b.publicHosts[0] === void 0 ? {} : { publicHost: b.publicHosts[0] },
    async close() {
      stopWatching();
      await broker.close();
      persistence.flushIdUpdates();
      persistence.flushRetained();
    }
  };
}
function renewWhileRunning(b, options, apply) {
  let told = false;
  const check = () => {
    try {
      if (!(0, import_node_fs12.existsSync)(import_node_path11.default.join(options.tlsDir, "ca.key")) || !(0, import_node_fs12.existsSync)(import_node_path11.default.join(options.tlsDir, "ca.crt"))) {
        if (!told)
          options.logger.log(
            "warn",
            `the clock's CA is gone from ${options.tlsDir}: a restart makes a new one, which every phone must then install`
          );
        told = true;
        return;
      }
      const files = ensureCertificates(
        options.tlsDir,
        defaultCertificateNames(b.publicHosts),
        Date.now(),
        false
      );
      told = false;
      if (files.action === "reused") return;
      apply({ cert: (0, import_node_fs12.readFileSync)(files.certFile), key: (0, import_node_fs12.readFileSync)(files.keyFile) });
      options.logger.log("info", `issued a new TLS certificate from the clock's CA (${files.certFile})`);
    } catch (error) {
      if (!told)
        options.logger.log(
          "warn",
          `could not renew the TLS certificate: ${error.message} (tried again every minute)`
        );
      told = true;
    }
  };
  const timer = setInterval(check, options.certCheckIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
var couldNotForget = (logger, what) => (error) => logger.log(
  "warn",
  `could not forget the broker's sessions of removed ${what}: ${error instanceof Error ? error.message : String(error)}`
);

// src/app/start-clock.ts
async function startClock(config, options) {
  let release = () => {
  };
  if (options.sharedBroker) await checkDataFolderFree(config.dataDir);
  else release = await lockDataFolder(config.dataDir);
  try {
    if ((0, import_node_fs13.existsSync)(databaseFileOf(config.dataDir)))
      checkDatabaseClosedElsewhere(databaseFileOf(config.dataDir));
    const clock = await startInLockedFolder(config, options);
    const close = clock.close;
    let closing;
    clock.close = () => {
      closing ??= close().finally(release);
      return closing;
    };
    return clock;
  } catch (error) {
    release();
    throw error;
  }
}
async function startInLockedFolder(config, options) {
  const { logger } = options;
  const { db, store } = openSqliteStore(databaseFileOf(config.dataDir), {
    cacheKiB: options.sharedBroker ? PAGE_CACHE_KIB.hosted : PAGE_CACHE_KIB.ownProcess,
    onError: (message) => logger.log("warn", message)
  });
  let connection = { connected: false, lastError: "starting" };
  let family;
  let turnedPlain = () => {
  };
  try {
    family = createFamilyPipeline(config, {
      db,
      store,
      logger,
      connection: () => connection,
      onDeviceTurnedPlain: (deviceId) => turnedPlain(deviceId)
    });
  } catch (error) {
    store.close();
    const reason = error instanceof SyntaxError ? "a saved row is not valid JSON" : error instanceof Error ? error.message : String(error);
    throw new Error(`could not load the state in ${databaseFileOf(config.dataDir)}: ${reason}`, {
      cause: error
    });
  }
  const { pipeline: pipeline3, keyring, meta, spellings } = family;
  const setConnection = (next) => {
    connection = next;
    pipeline3.refresh();
  };
  const closers = [() => store.close(), () => pipeline3.flush()];
  let stopping = false;
  const closeAll = async () => {
    stopping = true;
    for (const close of closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        logger.log("error", `while stopping: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  try {
    let brokerInfo;
    let generatedPasswords = [];
    let publisher;
    let caCert;
    const retainAvailable = config.broker.kind === "embedded" || (config.broker.retained ?? config.broker.profile === "mosquitto");
    let lastAskedMs = Number.NEGATIVE_INFINITY;
    let stepper;
    const commands = createPhoneCommands({
      settings: config.settings,
      wrap: keyring.wrapForDevice,
      publisher: () => publisher,
      logger,
      meta,
      topicIdOf: spellings.topicIdOf
    });
    turnedPlain = (deviceId) => {
      const device = config.devices.find((d) => d.deviceId.toLowerCase() === deviceId);
      if (device === void 0) return;
      setImmediate(() => {
        if (stopping) return;
        commands.pushPlacesToDevice(device.deviceId, device.memberId).then(
          (sent) => {
            if (sent)
              logger.log(
                "info",
                `${deviceId} sends unencrypted messages: sent it its places again, unencrypted`
              );
          },
          (error) => logger.log("warn", `could not send ${deviceId} its places: ${error.message}`)
        );
      });
    };
    const onMessage = (inbound, done) => pipeline3.handle(inbound, done);
    if (config.broker.kind === "embedded") {
      const b = config.broker;
      const served = options.sharedBroker ?? await startBrokerWithCertificate(b, {
        db,
        tlsDir: import_node_path12.default.join(config.dataDir, "tls"),
        logger,
        maxPacketBytes: config.settings.maxPayloadBytes + 64 * 1024,
        certCheckIntervalMs: options.certCheckIntervalMs ?? 6e4,
        // The broker keeps its sessions and retained messages in the family's database: its writes
        // count towards that database's background checkpoints.
        onCommitted: (bytes) => store.walWritten(bytes),
        ...options.passwordCheckIntervalMs === void 0 ? {} : { passwordCheckIntervalMs: options.passwordCheckIntervalMs }
      });
      if (!options.sharedBroker) closers.push(() => served.close());
      const clock = b.clockPassword === void 0 ? { username: b.clockUsername } : { username: b.clockUsername, password: b.clockPassword };
      const credentials = loadCredentials(db, config.devices, clock, config.settings.family, {
        keepGenerated: (generated) => writeNewPasswords(config.dataDir, generated),
        // new-passwords.txt lists passwords that work: not those of devices taken out of the config.
        forgetRemoved: (usernames) => {
          for (const username of usernames) forgetNewPassword(config.dataDir, username);
        }
      });
      generatedPasswords = credentials.generated;
      closers.push(
        served.broker.addFamily(config.settings.family, {
          credentials,
          onMessage,
          // OWNTRACKS.md §1.7: setWaypoints gives the phone the member's places as regions, so its own
          // transitions and inregions name them exactly as the clock does (unless it has them already).
          onDeviceListening: ({ deviceId, memberId, spelled, resumed }) => {
            if (spelled !== void 0) spellings.saw(deviceId, spelled);
            void commands.pushPlacesOnListening(deviceId, memberId, { resumed });
          }
        })
      );
      await served.broker.forgetRemovedDevices(
        config.settings.family,
        config.devices.map((d) => d.deviceId)
      ).catch(couldNotForget(logger, "devices"));
      if (!options.sharedBroker)
        await served.broker.forgetRemovedFamilies([config.settings.family]).catch(couldNotForget(logger, "families"));
      publisher = served.broker;
      caCert = served.info.caCertFile;
      brokerInfo = served.info;
      setConnection({ connected: true });
    } else {
      caCert = config.broker.caFile;
      if (caCert && certificatesIn((0, import_node_fs13.readFileSync)(caCert, "utf8")).heldKey)
        logger.log(
          "warn",
          `broker.caFile (${caCert}) holds a private key: keep it in a file of its own (the setup page hands out only the certificates)`
        );
      const external = startExternalBroker({
        config: config.broker,
        family: config.settings.family,
        // AWS IoT policies and Losant devices name the client id the clock must use.
        clientId: config.broker.clientId ?? stableClientId(meta, config.settings.family),
        logger,
        onMessage,
        onConnectionChange: setConnection,
        // A family renamed keeps the client id, and with it the session's subscription to the old name.
        ...subscribedFilter(meta),
        onFilterHeld: (filter) => {
          try {
            meta.set(HELD_FILTER, filter);
          } catch (error) {
            logger.log("warn", `could not note the broker subscription: ${error.message}`);
          }
        },
        // Without retained messages (AWS IoT, Losant) nobody replays the phones' last locations: the
        // store has the hands, and when the broker kept no session for the clock (so what the phones
        // sent while it was away is gone) each phone is asked for a fresh fix (OWNTRACKS.md §1.7). At
        // most every two minutes: a connection that keeps dropping must not keep waking the phones.
        // And every hand goes out again: a broker restarted without persistence lost the retained ones,
        // and one that keeps none has nothing for a stepper clock that started in the meantime.
        onSubscribed: (resumed) => {
          const askAfterMs = options.askPhonesAfterMs ?? 2 * 6e4;
          if (!retainAvailable && !resumed && performance.now() - lastAskedMs >= askAfterMs) {
            lastAskedMs = performance.now();
            void commands.requestLocation();
          }
          stepper?.resend();
        }
      });
      closers.push(() => external.close());
      publisher = external;
      brokerInfo = { kind: "external", url: safeUrl(config.broker.url) };
    }
    let httpUrl = "";
    let httpPort = 0;
    if (options.serveHttp !== false) {
      const web = await startClockWeb({
        config,
        webRoot: options.webRoot,
        logger,
        db,
        meta,
        commands,
        pipeline: pipeline3,
        store,
        ...options.sharedBroker ? { sharedBroker: options.sharedBroker } : {},
        broker: brokerInfo,
        caCert: () => caCert,
        connection: () => connection
      });
      closers.push(() => web.close());
      closers.push(pipeline3.addOutput(web.output));
      httpUrl = web.url;
      httpPort = web.port;
    }
    if (publisher) {
      const hands = createStepperOutput(publisher, logger, { retain: retainAvailable, meta });
      stepper = hands;
      closers.push(pipeline3.addOutput(hands));
      if (!retainAvailable) {
        const republish = setInterval(
          () => {
            if (!connection.connected) return;
            try {
              hands.resend();
            } catch (error) {
              logger.log(
                "warn",
                `could not publish the hands: ${error instanceof Error ? error.message : String(error)}`
              );
            }
          },
          options.handRepublishMs ?? 10 * 6e4
        );
        republish.unref();
        closers.push(() => clearInterval(republish));
      }
    }
    const newAdminToken = options.serveHttp === false ? null : ensureAdminToken(db, config.dataDir);
    if (options.serveHttp !== false) await upgradeStoredAdminToken(db, config.dataDir);
    void commands.pushChangedPlaces();
    const tick2 = setInterval(() => pipeline3.tick(), options.tickIntervalMs ?? 3e4);
    tick2.unref();
    closers.push(() => clearInterval(tick2));
    return {
      pipeline: pipeline3,
      httpUrl,
      httpPort,
      broker: brokerInfo,
      generatedPasswords,
      ...newAdminToken ? { newAdminToken } : {},
      inject: (inbound, done) => pipeline3.handle(inbound, done),
      close: closeAll
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
var HELD_FILTER = "external_filter";
var subscribedFilter = (meta) => {
  const held = meta.get(HELD_FILTER);
  return held ? { subscribedBefore: held } : {};
};
function stableClientId(meta, family) {
  const existing = meta.get("client_id");
  if (existing) return existing;
  const id = newExternalClientId(family, (0, import_node_crypto12.randomBytes)(4).toString("hex"));
  meta.set("client_id", id);
  return id;
}

// src/adapters/magicmirror/instance-config.ts
var import_node_path15 = __toESM(require("node:path"));

// src/adapters/config/config-reader.ts
var describeConfigProblem = (p) => `${p.path}: ${p.message}`;
var isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var join = (path17, key) => typeof key === "number" ? `${path17}[${key}]` : !/^[\w$-]+$/.test(key) ? `${path17}[${JSON.stringify(key)}]` : path17 === "" ? key : `${path17}.${key}`;
var SECRET_KEYS = /* @__PURE__ */ new Set(["password", "clockPassword", "mirrorPass", "passwordHash", "encryptionKey"]);
var show = (v) => {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}\u2026` : v);
  if (Array.isArray(v)) return "a list";
  if (v === null) return "null";
  return typeof v === "object" ? "an object" : String(v);
};
function createReader() {
  const problems = [];
  const report = (path17, message) => {
    problems.push({ path: path17, message });
  };
  const wrong = (path17, expected, v, key) => {
    report(
      path17,
      typeof key === "string" && SECRET_KEYS.has(key) ? `must be ${expected} (the value given is not shown: it is a secret)` : `must be ${expected}, got ${show(v)}`
    );
    return void 0;
  };
  return {
    problems,
    report,
    string(obj, key, path17) {
      const v = obj[key];
      if (v === void 0) return void 0;
      if (typeof v !== "string" || v.trim() === "")
        return wrong(join(path17, key), "a non-empty string", v, key);
      return v;
    },
    number(obj, key, path17, range = {}) {
      const v = obj[key];
      if (v === void 0) return void 0;
      const at = join(path17, key);
      if (typeof v !== "number" || !Number.isFinite(v)) return wrong(at, "a number", v, key);
      if (range.integer && !Number.isInteger(v)) return wrong(at, "a whole number", v, key);
      if (range.min !== void 0 && v < range.min) return wrong(at, `at least ${range.min}`, v, key);
      if (range.max !== void 0 && v > range.max) return wrong(at, `at most ${range.max}`, v, key);
      return v;
    },
    boolean(obj, key, path17) {
      const v = obj[key];
      if (v === void 0) return void 0;
      if (typeof v !== "boolean") return wrong(join(path17, key), "true or false", v, key);
      return v;
    },
    stringList(obj, key, path17) {
      const v = obj[key];
      if (v === void 0) return void 0;
      if (!Array.isArray(v)) return wrong(join(path17, key), "a list of strings", v, key);
      const out = [];
      v.forEach((item, i) => {
        if (typeof item === "string" && item.trim() !== "") out.push(item);
        else wrong(join(join(path17, key), i), "a non-empty string", item);
      });
      return out;
    },
    list(obj, key, path17) {
      const v = obj[key];
      if (v === void 0) return void 0;
      if (!Array.isArray(v)) return wrong(join(path17, key), "a list", v, key);
      return v;
    },
    object(obj, key, path17) {
      const v = obj[key];
      if (v === void 0) return void 0;
      if (!isObject(v)) return wrong(join(path17, key), "an object", v, key);
      return v;
    },
    unknownKeys(obj, known, path17) {
      for (const key of Object.keys(obj)) {
        if (known.includes(key)) continue;
        const guess = nearest(key, known);
        report(
          join(path17, key),
          guess ? `unknown key; did you mean "${guess}"?` : `unknown key (known: ${known.join(", ")})`
        );
      }
    }
  };
}
function nearest(key, known) {
  let best;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(k.toLowerCase(), key.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}
function editDistance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      );
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

// src/adapters/config/defaults.ts
var DEFAULTS = {
  lostAfterMinutes: 720,
  maxAccuracyMeters: 500,
  hysteresisMeters: 50,
  maxPayloadBytes: 256 * 1024,
  httpHost: "127.0.0.1",
  httpPort: 8080,
  mqttHost: "127.0.0.1",
  mqttPort: 1883,
  mqttsHost: "0.0.0.0",
  mqttsPort: 8883,
  dataDir: "data",
  clockUsername: "weasley-clock"
};

// src/adapters/config/magicmirror-data.ts
var import_node_fs14 = require("node:fs");
var import_node_os5 = require("node:os");
var import_node_path13 = __toESM(require("node:path"));

// src/adapters/config/read-family.ts
var ID_PATTERN = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}_.-]{0,63}$/u;
function readFamily(r, raw) {
  const uniqueId = r.string(raw, "uniqueId", "");
  const family = r.string(raw, "family", "");
  if (uniqueId !== void 0 && family !== void 0 && uniqueId !== family) {
    r.report("family", `differs from uniqueId (${JSON.stringify(uniqueId)}); give only one of them`);
  }
  const value = (family ?? uniqueId)?.normalize("NFC");
  if (value === void 0)
    r.report("uniqueId", "is required: the family name used in topics owntracks/<uniqueId>/<device>");
  else if (!ID_PATTERN.test(value)) {
    r.report(
      family ? "family" : "uniqueId",
      'may hold only letters, digits, "_", "." and "-" (it is an MQTT topic level)'
    );
  }
  return value;
}
function readPlaces(r, raw) {
  const byKey = /* @__PURE__ */ new Map();
  const order = [];
  const add = (place, at) => {
    if (byKey.has(place.key) && !place.memberIds) {
      const existing = byKey.get(place.key);
      if (existing && existing.lat === void 0 && place.lat !== void 0)
        return byKey.set(place.key, place);
      return r.report(at, `duplicates the place "${existing?.name}" (names match case-insensitively)`);
    }
    const key = place.memberIds ? `${place.key}@${place.memberIds.join(",")}` : place.key;
    if (!byKey.has(key)) order.push(key);
    byKey.set(key, place);
  };
  for (const [i, name] of (r.stringList(raw, "locations", "") ?? []).entries()) {
    if (isReservedName(name)) continue;
    const key = checkPlaceName(r, name, `locations[${i}]`, { pushed: false });
    if (key) add({ name: name.trim(), key, aliases: [] }, `locations[${i}]`);
  }
  for (const [i, item] of (r.list(raw, "places", "") ?? []).entries()) {
    const at = join("places", i);
    if (!isObject(item)) {
      r.report(at, 'must be an object like { "name": "Home", "lat": 51.5, "lon": -0.1, "radius": 100 }');
      continue;
    }
    r.unknownKeys(item, ["name", "lat", "lon", "radius", "aliases", "members", "hidden"], at);
    const name = r.string(item, "name", at);
    if (name === void 0) r.report(join(at, "name"), "is required");
    const hidden = r.boolean(item, "hidden", at) === true;
    const lat = r.number(item, "lat", at, { min: -90, max: 90 });
    const lon = r.number(item, "lon", at, { min: -180, max: 180 });
    const radius = r.number(item, "radius", at, { min: 1, max: 1e5 });
    const pushed = !hidden && lat !== void 0 && lon !== void 0 && radius !== void 0;
    const key = name === void 0 ? null : checkPlaceName(r, name, join(at, "name"), { pushed });
    if (item.lat === void 0 !== (item.lon === void 0))
      r.report(at, "needs both lat and lon, or neither");
    if (lat !== void 0 && radius === void 0 && item.radius === void 0)
      r.report(join(at, "radius"), "is required with lat/lon (metres)");
    const aliases = readAliases(r, item, at);
    const memberIds = r.stringList(item, "members", at)?.map((m) => m.toLowerCase());
    if (!name || !key) continue;
    const place = { name: name.trim(), key, aliases };
    if (lat !== void 0 && lon !== void 0 && radius !== void 0)
      Object.assign(place, { lat, lon, radiusMeters: radius });
    if (memberIds && memberIds.length > 0) place.memberIds = memberIds;
    if (hidden) place.hidden = true;
    add(place, at);
  }
  return order.map((k) => byKey.get(k)).filter((p) => p !== void 0);
}
function checkPlaceName(r, name, at, { pushed }) {
  const key = placeKeyOf(name);
  if (key === null) {
    r.report(at, `${JSON.stringify(name)} cannot be a place (${NEVER_A_PLACE})`);
    return null;
  }
  if (isReservedName(name)) {
    r.report(at, `"${TRAVELING}" and "${LOST}" are reserved and always on the dial`);
    return null;
  }
  const clash = pushed ? regionNameClash(name) : null;
  if (clash) {
    r.report(at, clashMessage(name.trim(), clash));
    return null;
  }
  return key;
}
function isReservedName(name) {
  const key = placeKeyOf(name);
  return key === TRAVELING.toLowerCase() || key === LOST.toLowerCase();
}
var NEVER_A_PLACE = 'OwnTracks "+" follow regions and empty names never are';
function clashMessage(name, { character, bareName }) {
  const quoted = JSON.stringify(name);
  const rename = `name the place ${JSON.stringify(bareName)} (a phone region ${quoted} still counts as it)`;
  switch (character) {
    case ":":
      return `${quoted} holds ":", which iOS reads as the start of an iBeacon's uuid:major:minor (the phone would get a region ${JSON.stringify(name.slice(0, name.indexOf(":")))}): name the place without it (a phone region spelled with it can still be an alias)`;
    case "|":
      return `${quoted} holds "|", which iOS reads as monitoring modes to switch to on entering and leaving: ${rename}`;
    case "-":
      return `${quoted} starts with "-", which marks an iBeacon region's hold mode: ${rename}`;
  }
}
function readAliases(r, item, at) {
  const keys = [];
  const given = item.aliases;
  for (const alias of r.stringList(item, "aliases", at) ?? []) {
    const key = placeKeyOf(alias);
    if (key !== null) keys.push(key);
    else {
      const index = Array.isArray(given) ? given.indexOf(alias) : -1;
      r.report(
        join(join(at, "aliases"), index),
        `${JSON.stringify(alias)} can never name a place (${NEVER_A_PLACE})`
      );
    }
  }
  return keys;
}
function readMembers(r, raw) {
  const problemsBefore = r.problems.length;
  const members = [];
  const devices = [];
  const seenDevices = /* @__PURE__ */ new Map();
  const addMember = (member, at) => {
    if (members.some((m) => m.id === member.id)) return r.report(at, `duplicates member "${member.id}"`);
    if (/[/+#]/.test(member.id))
      return r.report(
        at,
        `the member id "${member.id}" is an MQTT topic level and may not hold "/", "+" or "#": give "id" (e.g. "${member.id.replace(/[/+#]+/g, "-")}")`
      );
    members.push(member);
  };
  const addDevice = (account, at) => {
    if (!ID_PATTERN.test(account.deviceId)) {
      return r.report(
        at,
        'device ids may hold only letters, digits, "_", "." and "-" (they are MQTT topic levels and usernames)'
      );
    }
    const owner = seenDevices.get(account.deviceId);
    if (owner) return r.report(at, `device "${account.deviceId}" already belongs to member "${owner}"`);
    seenDevices.set(account.deviceId, account.memberId);
    devices.push(account);
  };
  for (const [i, name] of (r.stringList(raw, "people", "") ?? []).entries()) {
    const id = name.trim().normalize("NFC").toLowerCase();
    if (id !== "" && !ID_PATTERN.test(id)) {
      const cleaned = id.replace(/[^\p{L}\p{M}\p{N}_.-]+/gu, "-").replace(/^[^\p{L}\p{N}]+|-+$/gu, "").slice(0, 64);
      const suggested = ID_PATTERN.test(cleaned) ? cleaned : "phone";
      r.report(
        `people[${i}]`,
        `"${name}" cannot be a device id (only letters, digits, "_", "." and "-"): give the member as { "name": ${JSON.stringify(name.trim())}, "devices": ["${suggested}"] } in "members" and set that phone's Device ID in OwnTracks to ${suggested}`
      );
      continue;
    }
    addMember({ id, name: name.trim(), deviceIds: [id] }, `people[${i}]`);
    addDevice({ memberId: id, deviceId: id }, `people[${i}]`);
  }
  for (const [i, item] of (r.list(raw, "members", "") ?? []).entries()) {
    const at = join("members", i);
    if (!isObject(item)) {
      r.report(at, 'must be an object like { "name": "Ginny", "devices": ["ginny-phone"] }');
      continue;
    }
    r.unknownKeys(item, ["name", "id", "devices", "color"], at);
    const name = r.string(item, "name", at);
    if (name === void 0) r.report(join(at, "name"), "is required");
    const id = (r.string(item, "id", at) ?? name ?? "").trim().normalize("NFC").toLowerCase();
    const color = r.string(item, "color", at);
    const rawDevices = r.list(item, "devices", at) ?? [id];
    const deviceIds = [];
    rawDevices.forEach((d, j) => {
      const dat = join(join(at, "devices"), j);
      const account = readDevice(r, d, id, dat);
      if (account) {
        deviceIds.push(account.deviceId);
        addDevice(account, dat);
      }
    });
    if (!name || id === "") continue;
    const member = { id, name: name.trim(), deviceIds };
    if (color) member.color = color;
    addMember(member, at);
  }
  if (raw.members === void 0 && raw.people === void 0) {
    r.report("members", 'configure at least one member (or the old "people" list)');
  } else if (members.length === 0 && problemsBefore === r.problems.length) {
    r.report("members", "is empty: configure at least one member");
  }
  return { members, devices };
}
function readDevice(r, d, memberId, at) {
  if (typeof d === "string" && d.trim() !== "")
    return { memberId, deviceId: d.trim().normalize("NFC").toLowerCase() };
  if (!isObject(d)) {
    r.report(at, 'must be a device id or { "id": "\u2026", "password": "\u2026" }');
    return void 0;
  }
  r.unknownKeys(d, ["id", "password", "passwordHash", "encryptionKey"], at);
  const id = r.string(d, "id", at);
  if (id === void 0) r.report(join(at, "id"), "is required");
  const password = r.string(d, "password", at);
  const passwordHash = r.string(d, "passwordHash", at);
  if (password !== void 0 && password.length < 8)
    r.report(join(at, "password"), "must be at least 8 characters");
  if (passwordHash !== void 0 && !passwordHash.startsWith("scrypt$")) {
    r.report(join(at, "passwordHash"), 'must be a hash made by "weasley-clock hash-password"');
  }
  if (password !== void 0 && passwordHash !== void 0)
    r.report(join(at, "passwordHash"), 'give "password" or "passwordHash", not both');
  if (id === void 0) return void 0;
  const account = { memberId, deviceId: id.trim().normalize("NFC").toLowerCase() };
  if (password !== void 0) account.password = password;
  if (passwordHash !== void 0) account.passwordHash = passwordHash;
  const encryptionKey = r.string(d, "encryptionKey", at);
  if (encryptionKey !== void 0) account.encryptionKey = encryptionKey;
  return account;
}
function checkMemberPlaces(r, places, members) {
  places.forEach((p, i) => {
    for (const id of p.memberIds ?? []) {
      if (!members.some((m) => m.id === id)) r.report(`places[${i}].members`, `names unknown member "${id}"`);
    }
  });
}

// src/adapters/config/magicmirror-data.ts
function magicMirrorDataDir(family, env = process.env) {
  const base = env.XDG_DATA_HOME || import_node_path13.default.join((0, import_node_os5.homedir)(), ".local", "share");
  return import_node_path13.default.join(base, "weasley-clock", family);
}
var SERVED = ["config", "css", "fonts", "modules", "vendor", "translations", "tests", "defaultmodules"];
function real(p) {
  const resolved = import_node_path13.default.resolve(p);
  const parent = import_node_path13.default.dirname(resolved);
  if ((0, import_node_fs14.existsSync)(resolved)) return (0, import_node_fs14.realpathSync)(resolved);
  return parent === resolved ? resolved : import_node_path13.default.join(real(parent), import_node_path13.default.basename(resolved));
}
function servedDataDirProblem(dataDir, moduleDir) {
  const root = real(import_node_path13.default.dirname(import_node_path13.default.dirname(import_node_path13.default.resolve(moduleDir))));
  const served = [
    ...SERVED.map((name) => ({ name, folder: import_node_path13.default.join(root, name) })),
    { name: "module", folder: real(moduleDir) }
  ];
  const target = real(dataDir);
  for (const { name, folder } of served) {
    const relative = import_node_path13.default.relative(folder, target);
    if (!relative.startsWith("..") && !import_node_path13.default.isAbsolute(relative))
      return `${dataDir} is inside MagicMirror's ${name} folder, which MagicMirror serves to every browser (CA key, passwords, history): leave dataDir out (the default is ${magicMirrorDataDir("<uniqueId>")}) or choose a folder outside MagicMirror`;
  }
  return void 0;
}
var oldDataDir = (moduleDir) => {
  const old = import_node_path13.default.join(moduleDir, "data");
  return (0, import_node_fs14.existsSync)(import_node_path13.default.join(old, "weasley.db")) ? old : void 0;
};
function moveOldDataDir(moduleDir, dataDir) {
  const old = oldDataDir(moduleDir);
  if (!old || (0, import_node_fs14.existsSync)(dataDir)) return void 0;
  (0, import_node_fs14.mkdirSync)(import_node_path13.default.dirname(dataDir), { recursive: true, mode: 448 });
  try {
    (0, import_node_fs14.renameSync)(old, dataDir);
  } catch (error) {
    if (error.code !== "EXDEV") throw error;
    throw new Error(
      `${old} and ${dataDir} are on different file systems (in a container, its home is not kept): move the folder yourself to a kept place outside MagicMirror and set dataDir to it`
    );
  }
  return old;
}
function unfilledVariables(config) {
  const names = /* @__PURE__ */ new Set();
  for (const m of JSON.stringify(config ?? {}).matchAll(/\$\{([A-Za-z_]\w*)\}/g)) if (m[1]) names.add(m[1]);
  return [...names];
}
function readFromModuleFolder(config, moduleDir, dataDirGiven) {
  const b = config.broker;
  for (const key of ["caFile", "certFile", "keyFile"]) {
    const file = b[key];
    if (file !== void 0) b[key] = import_node_path13.default.resolve(moduleDir, file);
  }
  if (dataDirGiven) config.dataDir = import_node_path13.default.resolve(moduleDir, config.dataDir);
}
var OLD_MODULE_LOCATIONS = [
  "Home",
  "School",
  "Work",
  "Mortal Peril",
  "Jail",
  "Food"
];
function withOldModuleDefaults(raw) {
  if (!isObject(raw) || !("people" in raw) || "locations" in raw || "places" in raw) return raw;
  return { ...raw, locations: [...OLD_MODULE_LOCATIONS] };
}

// src/adapters/config/read-broker.ts
function readBroker(r, raw, overrides) {
  const b = r.object(raw, "broker", "") ?? {};
  r.unknownKeys(
    b,
    [
      "profile",
      "url",
      "username",
      "password",
      "caFile",
      "certFile",
      "keyFile",
      "clientId",
      "keepalive",
      "retained",
      "mqttHost",
      "mqttPort",
      "mqttsHost",
      "mqttsPort",
      "publicHosts",
      "clockUsername",
      "clockPassword"
    ],
    "broker"
  );
  const oldHost = r.string(raw, "host", "");
  const oldPort = r.number(raw, "port", "", { min: 1, max: 65535, integer: true });
  const plain = r.boolean(raw, "disableEncryption", "") ?? false;
  let url = r.string(b, "url", "broker");
  if (url === void 0 && oldHost !== void 0) {
    url = `${plain ? "mqtt" : "mqtts"}://${oldHost}:${oldPort ?? 8883}`;
  }
  const certFile = r.string(b, "certFile", "broker");
  const keyFile = r.string(b, "keyFile", "broker");
  if (certFile === void 0 !== (keyFile === void 0))
    r.report("broker", "certFile and keyFile go together");
  if (url !== void 0) {
    if (!/^(mqtts?|wss?):\/\/[^/]+/.test(url))
      r.report(
        "broker.url",
        `must start with mqtt://, mqtts://, ws:// or wss://, got ${JSON.stringify(safeUrl(url))}`
      );
    else for (const problem of urlProblems(url)) r.report("broker.url", problem);
    const profile = r.string(b, "profile", "broker") ?? "mosquitto";
    if (!["mosquitto", "aws-iot", "losant"].includes(profile)) {
      r.report("broker.profile", `must be "mosquitto", "aws-iot" or "losant", got ${JSON.stringify(profile)}`);
    }
    const ext = { kind: "external", url, profile };
    const username = r.string(b, "username", "broker") ?? r.string(raw, "mirrorUser", "");
    const password = r.string(b, "password", "broker") ?? r.string(raw, "mirrorPass", "");
    const caFile = r.string(b, "caFile", "broker") ?? r.string(raw, "cafile", "");
    const clientId = r.string(b, "clientId", "broker");
    const keepaliveSeconds = r.number(b, "keepalive", "broker", { min: 1, max: 65535, integer: true });
    const retained = r.boolean(b, "retained", "broker");
    const publicHosts = r.stringList(b, "publicHosts", "broker");
    Object.assign(
      ext,
      dropUndefined({
        username,
        password,
        caFile,
        certFile,
        keyFile,
        clientId,
        keepaliveSeconds,
        retained,
        publicHosts
      })
    );
    checkProfile(r, ext);
    return ext;
  }
  for (const [key, why] of EXTERNAL_ONLY)
    if (b[key] !== void 0)
      r.report(`broker.${key}`, `only applies with broker.url (an external broker)${why}`);
  if (b.keepalive !== void 0)
    r.report("broker.keepalive", "only applies to an external broker (with broker.url); phones set their own");
  if (b.retained !== void 0)
    r.report(
      "broker.retained",
      "only applies to an external broker (with broker.url): the embedded one keeps them"
    );
  const port = (key) => r.number(b, key, "broker", { min: 0, max: 65535, integer: true });
  const embedded = {
    kind: "embedded",
    mqttHost: r.string(b, "mqttHost", "broker") ?? DEFAULTS.mqttHost,
    mqttPort: overrides.mqttPort ?? port("mqttPort") ?? DEFAULTS.mqttPort,
    mqttsHost: r.string(b, "mqttsHost", "broker") ?? DEFAULTS.mqttsHost,
    mqttsPort: overrides.mqttsPort ?? port("mqttsPort") ?? DEFAULTS.mqttsPort,
    publicHosts: r.stringList(b, "publicHosts", "broker") ?? [],
    clockUsername: r.string(b, "clockUsername", "broker") ?? r.string(raw, "mirrorUser", "") ?? DEFAULTS.clockUsername
  };
  const clockPassword = r.string(b, "clockPassword", "broker") ?? r.string(raw, "mirrorPass", "");
  Object.assign(embedded, dropUndefined({ certFile, keyFile, clockPassword }));
  return embedded;
}
var EXTERNAL_ONLY = [
  ["profile", ""],
  ["username", ": the embedded broker's own account is broker.clockUsername"],
  ["password", ": the embedded broker's own account is broker.clockPassword"],
  ["caFile", ""],
  ["clientId", ""]
];
function checkProfile(r, b) {
  if (b.profile === "aws-iot") {
    if (!b.url.startsWith("mqtts://")) r.report("broker.url", "AWS IoT needs mqtts:// (port 8883, or 443)");
    if (!b.certFile || !b.keyFile)
      r.report("broker", "AWS IoT authenticates with a client certificate: give certFile and keyFile");
    if (!b.clientId)
      r.report("broker.clientId", "is required with AWS IoT: the thing's policy allows specific client ids");
    else if (b.clientId.length > 128 || b.clientId.startsWith("$"))
      r.report("broker.clientId", 'AWS IoT client ids are at most 128 characters and do not start with "$"');
    const k = b.keepaliveSeconds;
    if (k !== void 0 && (k < 30 || k > 1200))
      r.report("broker.keepalive", `must be from 30 to 1200 seconds with AWS IoT (its limits), got ${k}`);
  }
  if (b.profile === "losant") {
    if (!b.username || !b.password)
      r.report("broker", "Losant needs username and password (an application access key and secret)");
    if (!b.clientId) r.report("broker.clientId", "is required with Losant: it is the Losant device id");
    if (b.retained === true) r.report("broker.retained", "Losant keeps no retained messages");
    if (plainRemoteHost(b.url) !== void 0)
      r.report(
        "broker.url",
        "Losant needs mqtts:// or wss://: its access secret must not cross the network in clear"
      );
  }
}
var portWritten = (url) => /^[a-z]+:\/\/(?:[^@/]*@)?(?:\[[^\]]*\]|[^:/]*):(\d+)/i.exec(url)?.[1];
function urlProblems(url) {
  const port = portWritten(url);
  if (port !== void 0 && (Number(port) < 1 || Number(port) > 65535))
    return [`port ${port} is not one a broker can listen on (1\u201365535)`];
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return [
      `is not a url a connection can use (a space or a stray character in the host?): ${JSON.stringify(safeUrl(url))}`
    ];
  }
  return parsed.username || parsed.password ? ["holds a login: give it as broker.username and broker.password, which are never logged or shown"] : [];
}
function dropUndefined(o) {
  return Object.fromEntries(Object.entries(o).filter((e) => e[1] !== void 0));
}

// src/adapters/config/read-display.ts
var CLOCK_STYLES = ["clock", "table", "flap"];
function readDisplay(r, raw) {
  const clockStyle = r.string(raw, "clockStyle", "");
  if (clockStyle !== void 0 && !CLOCK_STYLES.includes(clockStyle)) {
    r.report("clockStyle", `must be "clock", "table" or "flap", got ${JSON.stringify(clockStyle)}`);
  }
  const volume = r.number(raw, "volume", "", { min: 0, max: 100 });
  const sound = r.string(raw, "sound", "");
  if (sound !== void 0 && !/^[\w-][\w.-]*\.(wav|mp3|ogg)$/.test(sound)) {
    r.report("sound", `must be the file name of a sound in the module's sounds/ folder, e.g. "chime.wav"`);
  }
  const display = {
    colorCycle: r.stringList(raw, "colorCycle", "") ?? DEFAULT_COLOR_CYCLE,
    clockStyle: CLOCK_STYLES.includes(clockStyle) ? clockStyle : "clock",
    sounds: r.boolean(raw, "sounds", "") ?? true,
    volume: volume === void 0 ? 0.75 : volume > 1 ? volume / 100 : volume,
    sound: sound ?? "chime.wav"
  };
  r.number(raw, "updateInterval", "", { min: 0 });
  r.number(raw, "retryDelay", "", { min: 0 });
  const radius = r.number(raw, "radius", "", { min: 1 });
  if (radius !== void 0) display.radius = radius;
  const hub = r.number(raw, "hubDisplacement", "", { min: 0 });
  if (hub !== void 0) display.hubDisplacement = hub;
  return display;
}

// src/adapters/config/read-http.ts
function readHttp(r, raw, overrides) {
  const httpObj = r.object(raw, "http", "") ?? {};
  r.unknownKeys(httpObj, ["host", "port", "allowedHosts"], "http");
  const allowedHosts = r.stringList(httpObj, "allowedHosts", "http") ?? [];
  for (const [i, name] of allowedHosts.entries()) {
    const problem = hostEntryProblem(name);
    if (problem) r.report(`http.allowedHosts[${i}]`, `"${name.slice(0, 80)}" ${problem}`);
  }
  return {
    host: r.string(httpObj, "host", "http") ?? DEFAULTS.httpHost,
    port: overrides.httpPort ?? r.number(httpObj, "port", "http", { min: 0, max: 65535, integer: true }) ?? DEFAULTS.httpPort,
    allowedHosts
  };
}
var SHARED_DOMAINS = /* @__PURE__ */ new Set([
  "duckdns.org",
  "ts.net",
  "no-ip.org",
  "no-ip.com",
  "ddns.net",
  "hopto.org",
  "zapto.org",
  "sytes.net",
  "dynu.net",
  "dyndns.org",
  "freeddns.org",
  "myfritz.net",
  "synology.me",
  "nip.io",
  "sslip.io",
  "ngrok.io",
  "ngrok-free.app"
]);
function hostEntryProblem(name) {
  if (name === "*") return void 0;
  if (!/^\.?[a-z0-9-]+(\.[a-z0-9-]+)*\.?$/i.test(name))
    return 'is not a host name (a name, ".example.com" for every name under it, or "*")';
  if (!name.startsWith(".")) return void 0;
  const domain = name.slice(1).toLowerCase().replace(/\.$/, "");
  if (!domain.includes(".") || SHARED_DOMAINS.has(domain))
    return "would let names anyone can register through: list your own names exactly";
  return void 0;
}

// src/adapters/config/load-config.ts
var ConfigError = class extends Error {
  constructor(source, problems, options) {
    super(
      `${source} has ${problems.length} problem${problems.length === 1 ? "" : "s"}:
${problems.map((p) => `  - ${describeConfigProblem(p)}`).join("\n")}`,
      options
    );
    this.source = source;
    this.name = "ConfigError";
    this.problems = problems;
  }
  source;
  problems;
};
var OLD_MODULE_KEYS = [
  "uniqueId",
  "locations",
  "people",
  "colorCycle",
  "radius",
  "hubDisplacement",
  "sounds",
  "volume",
  "debug",
  "host",
  "port",
  "disableEncryption",
  "mirrorUser",
  "mirrorPass",
  "clockStyle",
  "cafile",
  "updateInterval",
  "retryDelay"
];
var TOP_KEYS = [
  ...OLD_MODULE_KEYS,
  // Weasley Clock keys
  "family",
  "places",
  "members",
  "broker",
  "http",
  "dataDir",
  "lostAfterMinutes",
  "lwtMeansLost",
  "maxAccuracyMeters",
  "hysteresisMeters",
  "maxPayloadBytes",
  "sound",
  "encryptionKey",
  "learnedPlaces"
];
function parseConfig(input, overrides = {}, source = "config") {
  const r = createReader();
  if (!isObject(input))
    throw new ConfigError(source, [{ path: "(root)", message: "must be an object of settings" }]);
  r.unknownKeys(input, TOP_KEYS, "");
  const raw = Object.fromEntries(
    Object.entries(input).filter(
      ([key, value]) => value !== null || !OLD_MODULE_KEYS.includes(key)
    )
  );
  const family = readFamily(r, raw);
  const places = readPlaces(r, raw);
  const { members, devices } = readMembers(r, raw);
  checkMemberPlaces(r, places, members);
  const learnedPlaces = r.string(raw, "learnedPlaces", "");
  if (learnedPlaces !== void 0 && !["geofence", "dial", "off"].includes(learnedPlaces)) {
    r.report("learnedPlaces", `must be "geofence", "dial" or "off", got ${JSON.stringify(learnedPlaces)}`);
  }
  const settings = {
    learnedPlaces: learnedPlaces === "dial" || learnedPlaces === "off" ? learnedPlaces : "geofence",
    family: family ?? "family",
    members,
    places,
    lostAfterMinutes: r.number(raw, "lostAfterMinutes", "", { min: 1 }) ?? DEFAULTS.lostAfterMinutes,
    lwtMeansLost: r.boolean(raw, "lwtMeansLost", "") ?? false,
    maxAccuracyMeters: r.number(raw, "maxAccuracyMeters", "", { min: 1 }) ?? DEFAULTS.maxAccuracyMeters,
    hysteresisMeters: r.number(raw, "hysteresisMeters", "", { min: 0 }) ?? DEFAULTS.hysteresisMeters,
    maxPayloadBytes: r.number(raw, "maxPayloadBytes", "", { min: 1024, max: 16 * 1024 * 1024, integer: true }) ?? DEFAULTS.maxPayloadBytes
  };
  const display = readDisplay(r, raw);
  const http = readHttp(r, raw, overrides);
  const broker = readBroker(r, raw, overrides);
  const clockUsername = broker.kind === "embedded" ? broker.clockUsername.toLowerCase() : void 0;
  if (clockUsername !== void 0 && devices.some((d) => d.deviceId === clockUsername))
    r.report(
      "broker.clockUsername",
      `"${clockUsername}" is also a device id: give the clock an account of its own`
    );
  if (clockUsername !== void 0 && clockUsername === settings.family.toLowerCase())
    r.report(
      "broker.clockUsername",
      `"${clockUsername}" is the family's uniqueId, which phones log in with: give the clock an account of its own (old configs: mirrorUser)`
    );
  if (broker.kind === "embedded") {
    const listeners = [
      ["http.port", http.port],
      ["broker.mqttPort", broker.mqttPort],
      ["broker.mqttsPort", broker.mqttsPort]
    ];
    listeners.forEach(([name, port], i) => {
      const other = listeners.slice(0, i).find(([, p]) => p === port && port !== 0);
      if (other) r.report(name, `is ${port}, as ${other[0]} is: each listener needs a port of its own`);
    });
  }
  const debug = r.boolean(raw, "debug", "") ?? false;
  const dataDir = overrides.dataDir ?? r.string(raw, "dataDir", "") ?? DEFAULTS.dataDir;
  const encryptionKey = r.string(raw, "encryptionKey", "");
  if (r.problems.length > 0) throw new ConfigError(source, r.problems);
  const config = { settings, devices, display, broker, http, dataDir, debug, demo: false };
  if (encryptionKey !== void 0) config.encryptionKey = encryptionKey;
  return config;
}

// src/adapters/magicmirror/data-folder.ts
var import_node_fs15 = require("node:fs");
var import_node_path14 = __toESM(require("node:path"));
function placeFiles(config, raw, moduleDir) {
  const given = typeof raw === "object" && raw !== null && "dataDir" in raw;
  readFromModuleFolder(config, moduleDir, given);
  if (given) {
    const problem = servedDataDirProblem(config.dataDir, moduleDir);
    return problem ? { problem: `dataDir: ${problem}` } : {};
  }
  config.dataDir = magicMirrorDataDir(config.settings.family);
  const inContainer = (0, import_node_fs15.existsSync)("/.dockerenv") || (0, import_node_fs15.existsSync)("/run/.containerenv");
  try {
    const moved = moveOldDataDir(moduleDir, config.dataDir);
    const otherFamilies = (0, import_node_fs15.existsSync)(config.dataDir) ? [] : familiesBeside(config.dataDir);
    return {
      ...moved ? { moved } : {},
      ...inContainer ? { inContainer } : {},
      ...otherFamilies.length > 0 ? { otherFamilies } : {}
    };
  } catch (error) {
    return {
      problem: `could not move ${import_node_path14.default.join(moduleDir, "data")} to ${config.dataDir}: ${error instanceof Error ? error.message : String(error)}`
    };
  }
}
function familiesBeside(dataDir) {
  const parent = import_node_path14.default.dirname(dataDir);
  try {
    return (0, import_node_fs15.readdirSync)(parent).filter((name) => (0, import_node_fs15.existsSync)(import_node_path14.default.join(parent, name, "weasley.db")));
  } catch {
    return [];
  }
}

// src/adapters/magicmirror/mirror-config.ts
function checkAgainstMirror(mirror, moduleName, sent, secrets = []) {
  const listed = listedConfigs(mirror, moduleName);
  if (!listed) return { kind: "unknown" };
  if (!isObject2(sent)) return { kind: "not-listed" };
  const wanted = asBrowserSends(sent);
  for (const config of listed) if (same(asBrowserSends(config), wanted, secrets)) return { kind: "listed" };
  return { kind: "not-listed" };
}
function pageConfigs(mirror, moduleName) {
  return listedConfigs(mirror, moduleName)?.map(
    (config) => withoutFrontEndKeys({ ...MODULE_DEFAULTS, ...asJson(config) })
  );
}
function listedConfigs(mirror, moduleName) {
  const modules = isObject2(mirror) ? mirror.modules : void 0;
  if (!Array.isArray(modules)) return void 0;
  const configs = [];
  for (const entry of modules) {
    if (!isObject2(entry) || entry.disabled === true || typeof entry.module !== "string") continue;
    if (entry.module.split("/").at(-1) !== moduleName) continue;
    configs.push(isObject2(entry.config) ? entry.config : {});
  }
  return configs;
}
var asJson = (config) => JSON.parse(JSON.stringify(config));
function asBrowserSends(config) {
  const json = asJson(withoutFrontEndKeys(config));
  for (const [key, value] of Object.entries(MODULE_DEFAULTS))
    if (key in json && JSON.stringify(json[key]) === JSON.stringify(value)) delete json[key];
  return json;
}
function same(fromFile, sent, secrets) {
  if (typeof sent === "string" && typeof fromFile === "string" && secrets.includes(sent)) return true;
  if (Array.isArray(fromFile) && Array.isArray(sent))
    return fromFile.length === sent.length && fromFile.every((v, i) => same(v, sent[i], secrets));
  if (isObject2(fromFile) && isObject2(sent)) {
    const keys = Object.keys(fromFile);
    return keys.length === Object.keys(sent).length && keys.every((k) => Object.hasOwn(sent, k) && same(fromFile[k], sent[k], secrets));
  }
  return fromFile === sent;
}
function isObject2(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// src/adapters/magicmirror/instance-config.ts
var UNREPLACED_SECRET = /\*\*(SECRET_[^*]+)\*\*/;
var secretsWithDollar = () => Object.entries(process.env).filter(([name, value]) => name.startsWith("SECRET_") && value?.includes("$")).map(([, value]) => value);
var REPLACEMENT_PATTERN = /\$[$&`']/;
var secretGarbledByMirror = () => secretsWithDollar().some((value) => REPLACEMENT_PATTERN.test(value));
function readInstanceConfig(raw, fromPage, options) {
  const { logger, moduleDir } = options;
  let config;
  try {
    const secret = UNREPLACED_SECRET.exec(JSON.stringify(raw));
    if (secret) {
      return {
        problems: [
          `the config still holds the placeholder **${secret[1]}**: put ${secret[1]}=\u2026 in config/config.env and set hideConfigSecrets: true in config.js (MagicMirror also leaves it when cors is "allowAll")`
        ]
      };
    }
    if (fromPage) {
      const check = checkAgainstMirror(options.mirrorConfig?.(), "MMM-WeasleyClock", raw, secretsWithDollar());
      if (check.kind === "not-listed")
        return {
          problems: [
            "this config is not one that MagicMirror's config.js gives MMM-WeasleyClock (a page open since before config.js changed? reload it after restarting MagicMirror): not started"
          ]
        };
    }
    const unfilled = unfilledVariables(raw);
    if (unfilled.length > 0)
      return {
        problems: unfilled.map(
          (name) => `\${${name}} has no value: put ${name}=\u2026 in config/config.env (or the environment)`
        )
      };
    config = parseConfig(withOldModuleDefaults(raw), {}, "MMM-WeasleyClock config");
  } catch (error) {
    if (error instanceof ConfigError)
      return { problems: error.problems.map((p) => `${p.path}: ${p.message}`) };
    throw error;
  }
  const placed = placeFiles(config, raw, moduleDir);
  if (placed.problem) return { problems: [placed.problem] };
  if (placed.moved)
    logger.log(
      "warn",
      `moved the data folder out of ${placed.moved} (MagicMirror serves that folder to every browser): it is now ${config.dataDir}`
    );
  if (placed.otherFamilies)
    logger.log(
      "warn",
      `starting afresh in ${config.dataDir}, beside the data of ${placed.otherFamilies.join(", ")}: if this mirror's uniqueId was changed, stop MagicMirror and rename that folder to ${import_node_path15.default.basename(config.dataDir)} to keep its CA (trusted by the phones), passwords and history`
    );
  if (placed.inContainer)
    logger.log(
      "warn",
      `the data folder ${config.dataDir} is in this container's own file system, which is lost when the container is made anew: mount a volume outside MagicMirror's folders and set dataDir to it`
    );
  return { config };
}
var fingerprintOf = (config) => JSON.stringify([config.settings, config.devices, config.broker, config.dataDir]);
function brokerKey(config) {
  const b = config.broker;
  const where = b.kind === "embedded" ? `embedded:${b.mqttsPort}:${b.mqttPort}` : `external:${b.url}:${b.username ?? ""}`;
  return { key: `${where}#${config.settings.family}`, where };
}

// src/adapters/magicmirror/helper-hub.ts
var MAX_RETRY_DELAY_MS = 5 * 6e4;
var MAX_CLOCKS = 4;
var MAX_INSTANCES_PER_CLOCK = 16;
function createHelperHub(options) {
  const { send: send2, logger, moduleDir } = options;
  const entries = /* @__PURE__ */ new Map();
  const owner = /* @__PURE__ */ new Map();
  const retries = /* @__PURE__ */ new Set();
  const stranded = /* @__PURE__ */ new Map();
  let stopped = false;
  const logProblems = (who, problems) => {
    for (const p of problems) logger.log("error", `MMM-WeasleyClock ${who}: ${p}`);
  };
  const fail2 = (identifier, problems) => {
    logProblems(identifier, problems);
    send2(ERROR, { identifier, problems });
  };
  const snapshot = async (entry, identifier) => {
    const clock = await entry.running;
    send2(STATE, { identifier, view: clock.pipeline.view(), moved: false });
  };
  const prepare2 = (raw, fromPage) => {
    const read = readInstanceConfig(raw, fromPage, options);
    if ("problems" in read) return read;
    const { config } = read;
    const { key, where } = brokerKey(config);
    const entry = entries.get(key);
    const rival = [...entries.values()].find((e) => e.where === where && e.family !== config.settings.family);
    if (!entry && rival && config.broker.kind === "embedded") {
      return {
        problems: [
          `another MMM-WeasleyClock runs the embedded broker on these ports for family "${rival.family}": give this one other broker.mqttsPort and broker.mqttPort, or the same uniqueId`
        ]
      };
    }
    const sharing = [...entries.values()].find(
      (e) => e.key !== key && e.dataDir === import_node_path16.default.resolve(config.dataDir)
    );
    if (!entry && sharing) {
      return {
        problems: [
          `another MMM-WeasleyClock runs family "${sharing.family}" in the same data folder ${sharing.dataDir}${sharing.family === config.settings.family ? " with other broker settings: give both instances the same broker settings (to share one clock), or this one" : ": give this one"} a dataDir of its own`
        ]
      };
    }
    if (!entry && entries.size >= MAX_CLOCKS) {
      return {
        problems: [
          `at most ${MAX_CLOCKS} clocks (families or brokers) run in one MagicMirror: this one would be the ${entries.size + 1}th`
        ]
      };
    }
    return { config, key, where };
  };
  const forget = (entry) => {
    if (entries.get(entry.key) === entry) entries.delete(entry.key);
    for (const id of entry.instances) if (owner.get(id) === entry) owner.delete(id);
    if (entry.instances.size === 0) return;
    if (!stranded.has(entry.key) && stranded.size >= MAX_CLOCKS) {
      const oldest = stranded.keys().next().value;
      if (oldest !== void 0) stranded.delete(oldest);
    }
    const pages = [...stranded.get(entry.key) ?? [], ...entry.instances];
    stranded.set(entry.key, new Set(pages.slice(-MAX_INSTANCES_PER_CLOCK)));
  };
  const adoptStranded = (entry) => {
    const pages = stranded.get(entry.key);
    stranded.delete(entry.key);
    for (const id of pages ?? []) {
      if (owner.has(id) || entry.instances.size >= MAX_INSTANCES_PER_CLOCK) continue;
      entry.instances.add(id);
      owner.set(id, entry);
      void snapshot(entry, id).catch(() => void 0);
    }
  };
  const startEntry = (config, key, where) => {
    const instances = /* @__PURE__ */ new Set();
    const running = startClock(config, {
      // MagicMirror's log shows debug lines only when the module's config asks for them.
      logger: config.debug ? { ...logger, isEnabled: () => true } : logger,
      webRoot: import_node_path16.default.join(moduleDir, "dist", "web"),
      serveHttp: false
    }).then((clock) => {
      if (clock.generatedPasswords.length > 0)
        logger.log(
          "info",
          `new MQTT passwords for ${clock.generatedPasswords.length} account(s) are in ${newPasswordsFile(config.dataDir)} (readable only by you)`
        );
      clock.pipeline.addOutput({
        show(view, changes) {
          for (const id of instances) send2(STATE, { identifier: id, view, moved: changes.length > 0 });
        }
      });
      return clock;
    });
    const entry = {
      key,
      where,
      family: config.settings.family,
      dataDir: import_node_path16.default.resolve(config.dataDir),
      fingerprint: fingerprintOf(config),
      running,
      instances
    };
    entries.set(key, entry);
    running.then(
      () => adoptStranded(entry),
      () => forget(entry)
    );
    return entry;
  };
  const attach = async (identifier, raw) => {
    const known = owner.get(identifier);
    if (known) {
      await snapshot(known, identifier).catch(() => void 0);
      return;
    }
    for (const pages of stranded.values()) pages.delete(identifier);
    const prepared = prepare2(raw, true);
    if ("problems" in prepared) return fail2(identifier, prepared.problems);
    const { config, key, where } = prepared;
    let entry = entries.get(key);
    if (entry && entry.instances.size >= MAX_INSTANCES_PER_CLOCK) {
      return fail2(identifier, [`at most ${MAX_INSTANCES_PER_CLOCK} module instances show one family's clock`]);
    }
    if (entry && entry.fingerprint !== fingerprintOf(config))
      logger.log(
        "warn",
        `MMM-WeasleyClock ${identifier}: family "${entry.family}" already runs with another instance's config; this one shows that clock (its own display keys apply, its other settings do not)`
      );
    entry ??= startEntry(config, key, where);
    entry.instances.add(identifier);
    owner.set(identifier, entry);
    await snapshot(entry, identifier);
  };
  return {
    async init({ identifier, config: raw }) {
      if (typeof identifier !== "string") return;
      send2(STARTING, { identifier });
      try {
        await attach(identifier, raw);
      } catch (error) {
        fail2(identifier, [`could not start: ${error instanceof Error ? error.message : String(error)}`]);
      }
    },
    async startListed() {
      const mirror = options.mirrorConfig?.();
      const configs = pageConfigs(mirror, "MMM-WeasleyClock") ?? [];
      if (configs.length > 0 && mirror.hideConfigSecrets === true && secretGarbledByMirror()) {
        logger.log(
          "warn",
          `a SECRET_ value in config/config.env holds "$$", "$&", "$\`" or "$'", which MagicMirror's server keeps garbled: MMM-WeasleyClock starts when the mirror's page opens, not before`
        );
        return;
      }
      const starting = [];
      for (const [n, raw] of configs.entries()) {
        const who = `(config.js, enabled entry ${n + 1} of the module)`;
        const prepared = prepare2(raw, false);
        if ("problems" in prepared) {
          logProblems(who, prepared.problems);
          continue;
        }
        const { config, key, where } = prepared;
        const attempt = (delayMs2) => {
          if (stopped) return Promise.resolve();
          return (entries.get(key) ?? startEntry(config, key, where)).running.catch((error) => {
            const next = Math.min(delayMs2 * 2, MAX_RETRY_DELAY_MS);
            logProblems(who, [
              `could not start: ${error instanceof Error ? error.message : String(error)} (trying again in ${Math.round(delayMs2 / 1e3)} s, or when the mirror's page opens)`
            ]);
            if (stopped) return;
            const timer = setTimeout(() => {
              retries.delete(timer);
              void attempt(next);
            }, delayMs2);
            timer.unref();
            retries.add(timer);
          });
        };
        starting.push(attempt(options.retryDelayMs ?? 5e3));
      }
      await Promise.all(starting);
    },
    size: () => entries.size,
    async stop() {
      stopped = true;
      for (const timer of retries) clearTimeout(timer);
      retries.clear();
      stranded.clear();
      const all = [...entries.values()];
      entries.clear();
      owner.clear();
      await Promise.all(all.map(async (e) => (await e.running.catch(() => void 0))?.close()));
    }
  };
}

// src/adapters/magicmirror/node-helper.ts
var mmLogger = {
  isEnabled: (level) => level !== "debug",
  log(level, message) {
    const line = message;
    if (level === "error") import_logger.default.error(line);
    else if (level === "warn") import_logger.default.warn(line);
    else if (level === "info") import_logger.default.info(line);
    else import_logger.default.info(`[debug] ${line}`);
  }
};
var node_helper_default = import_node_helper.default.create({
  start() {
    this.hub = createHelperHub({
      send: (notification, payload) => this.sendSocketNotification(notification, payload),
      logger: mmLogger,
      moduleDir: this.path,
      // js/app.js keeps the config.js it read in global.config.
      mirrorConfig: () => globalThis.config
    });
    this.hub.startListed().catch((error) => {
      mmLogger.log("error", `start failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  },
  socketNotificationReceived(notification, payload) {
    if (notification !== INIT || !this.hub) return;
    if (typeof payload !== "object" || payload === null) {
      mmLogger.log("warn", "an INIT without an instance and its config: ignored");
      return;
    }
    this.hub.init(payload).catch((error) => {
      mmLogger.log("error", `INIT failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  },
  async stop() {
    await this.hub?.stop();
  }
});
module.exports = module.exports.default;
