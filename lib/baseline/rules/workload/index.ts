import { Rule } from "../../rule";
import { aksAcr01 } from "./aks-acr-01";
import { aksAcr02 } from "./aks-acr-02";
import { aksAcr03 } from "./aks-acr-03";
import { aksAcr04 } from "./aks-acr-04";
import { aksAcr05 } from "./aks-acr-05";
import { aksAcr06 } from "./aks-acr-06";
import { aksAcr08 } from "./aks-acr-08";
import { aksAcr10 } from "./aks-acr-10";
import { aksAcr11 } from "./aks-acr-11";
import { aksDat05 } from "./aks-dat-05";
import { aksDef01 } from "./aks-def-01";
import { aksSec02 } from "./aks-sec-02";
import { aksSec03 } from "./aks-sec-03";
import { aksSec04 } from "./aks-sec-04";
import { aksSec05 } from "./aks-sec-05";
import { aksSec06 } from "./aks-sec-06";
import { aksSec07 } from "./aks-sec-07";

/** The workload rules, one file per control (lib/baseline/rules/workload/aks-*.ts). */
export const WORKLOAD_RULES: readonly Rule[] = [
  aksAcr01,
  aksAcr02,
  aksAcr03,
  aksAcr04,
  aksAcr05,
  aksAcr06,
  aksAcr08,
  aksAcr10,
  aksAcr11,
  aksDat05,
  aksDef01,
  aksSec02,
  aksSec03,
  aksSec04,
  aksSec05,
  aksSec06,
  aksSec07,
];
