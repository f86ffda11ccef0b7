/**
 * Product codes shaped like NHSA codes (research §6): western drugs 23 characters starting with X, Chinese
 * patent medicines 20 starting with Z, consumables 20 or 27 starting with C. Name and form segments are
 * numbered in the fixed order of the reference lists, so codes never depend on scale or call order.
 */
export class CodeBook {
  private readonly names = new Map<string, number>();
  private readonly forms = new Map<string, number>();

  constructor(generics: readonly string[], forms: readonly string[]) {
    for (const g of generics) if (!this.names.has(g)) this.names.set(g, this.names.size + 1);
    for (const f of forms) if (!this.forms.has(f)) this.forms.set(f, this.forms.size + 1);
  }

  private nameIndex(generic: string): number {
    const i = this.names.get(generic);
    if (i === undefined) throw new Error(`no code registered for ${generic}`);
    return i;
  }

  private formIndex(form: string): number {
    const i = this.forms.get(form);
    if (i === undefined) throw new Error(`no code registered for form ${form}`);
    return i;
  }

  drug(p: DrugCodeParts): string {
    const cls = p.classCode.replace(/^X/, "").padEnd(5, "0").slice(0, 5);
    const name = `E${digits(this.nameIndex(p.generic), 3)}`;
    const form = `A${digits(this.formIndex(p.form), 3)}`;
    if (p.cpm) {
      // Z(1) + class(5) + name(4) + form(4) + spec/pack(2) + enterprise(4) = 20
      return `Z${cls}${name}${form}${digits(p.specIndex * 3 + p.packIndex, 2)}${digits(p.enterpriseIndex, 4)}`;
    }
    // X(1) + class(5) + name(4) + form(4) + spec/pack(4) + enterprise(5) = 23
    return `X${cls}${name}${form}${digits(p.specIndex + 1, 2)}${digits(p.packIndex + 1, 2)}${digits(p.enterpriseIndex, 5)}`;
  }

  consumable(p: ConsumableCodeParts): string {
    // C(1) + class(6) + generic(4) + material(3) + feature(2) + enterprise(4) = 20, + spec serial(7) = 27
    const base = `C${p.classCode}${digits(this.nameIndex(p.generic), 4)}${digits(p.materialIndex + 1, 3)}01${digits(p.enterpriseIndex, 4)}`;
    return p.specIndex === undefined ? base : `${base}${digits(p.specIndex + 1, 7)}`;
  }
}

const digits = (n: number, width: number) => String(n % 10 ** width).padStart(width, "0");

export interface DrugCodeParts {
  classCode: string;
  generic: string;
  form: string;
  specIndex: number;
  packIndex: number;
  enterpriseIndex: number;
  cpm: boolean;
}

export interface ConsumableCodeParts {
  classCode: string;
  generic: string;
  materialIndex: number;
  enterpriseIndex: number;
  /** Present for a size-level product: the 27-character full code. */
  specIndex?: number;
}

/** True when a code has one of the NHSA shapes. */
export function isWellFormedCode(code: string): boolean {
  if (!/^[A-Z0-9]+$/.test(code)) return false;
  if (code.startsWith("X")) return code.length === 23;
  if (code.startsWith("Z")) return code.length === 20;
  if (code.startsWith("C")) return code.length === 20 || code.length === 27;
  return false;
}

/** A code as a clerk might mistype it: a character lost, a letter O for a zero, or a stray space inside. */
export function malformCode(code: string, kind: number): string {
  switch (kind % 3) {
    case 0:
      return code.slice(0, -1);
    case 1:
      return code.replace(/0/, "O");
    default:
      return `${code.slice(0, 8)}-${code.slice(8)}`;
  }
}
