#pragma once
// Teusink et al. 2000 (Eur J Biochem 267:5313; BioModels BIOMD0000000064, the file
// ../shared/models/kinetic/teusink2000_glycolysis.xml) written out by hand in C++: the
// baseline ergon's interpreted right-hand side is measured against. Same equations, same
// numbers as the SBML file (local parameters inlined, compartments of size 1).

#include <array>
#include <cmath>
#include <cstddef>

namespace ergon::bench {

/// State order of the hand-written system (concentrations = amounts: volumes are 1).
inline constexpr std::array<const char*, 14> kTeusinkStates = {"GLCi", "G6P", "F6P", "F16P", "TRIO",
                                                               "BPG",  "P3G", "P2G", "PEP",  "PYR",
                                                               "ACE",  "P",   "NAD", "NADH"};

/// The model's global parameters (the ones a screen varies).
struct TeusinkParameters {
  double gR = 5.12, KmPFKF6P = 0.1, KmPFKATP = 0.71, Lzero = 0.66, CiPFKATP = 100.0,
         KiPFKATP = 0.65, CPFKAMP = 0.0845, KPFKAMP = 0.0995, CPFKF26BP = 0.0174,
         KPFKF26BP = 0.000682, CPFKF16BP = 0.397, KPFKF16BP = 0.111, CPFKATP = 3.0, KeqAK = 0.45,
         KeqTPI = 0.045;
};

inline void teusink_rhs(const TeusinkParameters& p, const double* y, double* dy) {
  const double GLCi = y[0], G6P = y[1], F6P = y[2], F16P = y[3], TRIO = y[4], BPG = y[5],
               P3G = y[6], P2G = y[7], PEP = y[8], PYR = y[9], ACE = y[10], P = y[11], NAD = y[12],
               NADH = y[13];
  constexpr double GLCo = 50.0, ETOH = 50.0, GLY = 0.15, SUM_P = 4.1, F26BP = 0.02;
  // Adenylate kinase equilibrium (the model's assignment rules).
  const double ak = 1.0 - 4.0 * p.KeqAK;
  const double ADP =
      (SUM_P - std::sqrt(P * P * ak + 2.0 * SUM_P * P * (4.0 * p.KeqAK - 1.0) + SUM_P * SUM_P)) /
      ak;
  const double ATP = (P - ADP) / 2.0;
  const double AMP = SUM_P - ATP - ADP;
  const double gap = p.KeqTPI / (1.0 + p.KeqTPI);  // GAP and DHAP fractions of TRIO
  const double dhap = 1.0 / (1.0 + p.KeqTPI);

  const double vGLK = (226.452 / (0.08 * 0.15)) * (GLCi * ATP - G6P * ADP / 3800.0) /
                      ((1.0 + GLCi / 0.08 + G6P / 30.0) * (1.0 + ATP / 0.15 + ADP / 0.23));
  const double vPGI = (339.677 / 1.4) * (G6P - F6P / 0.314) / (1.0 + G6P / 1.4 + F6P / 0.3);
  const double vGLYCO = 6.0;
  const double vTreha = 2.4;
  const double f6 = F6P / p.KmPFKF6P, at = ATP / p.KmPFKATP;
  const double R = 1.0 + f6 + at + p.gR * f6 * at;
  const double T = 1.0 + p.CPFKATP * at;
  const double l1 = (1.0 + p.CiPFKATP * (ATP / p.KiPFKATP)) / (1.0 + ATP / p.KiPFKATP);
  const double l2 = (1.0 + p.CPFKAMP * (AMP / p.KPFKAMP)) / (1.0 + AMP / p.KPFKAMP);
  const double l3 = (1.0 + p.CPFKF26BP * F26BP / p.KPFKF26BP + p.CPFKF16BP * F16P / p.KPFKF16BP) /
                    (1.0 + F26BP / p.KPFKF26BP + F16P / p.KPFKF16BP);
  const double L = p.Lzero * l1 * l1 * l2 * l2 * l3 * l3;
  const double vPFK = 182.903 * p.gR * f6 * at * R / (R * R + L * T * T);
  const double vALD = (322.258 / 0.3) * (F16P - gap * TRIO * dhap * TRIO / 0.069) /
                      (1.0 + F16P / 0.3 + gap * TRIO / 2.0 + dhap * TRIO / 2.4 +
                       gap * TRIO * dhap * TRIO / (2.0 * 2.4) + F16P * gap * TRIO / (10.0 * 0.3));
  const double vGAPDH =
      (1184.52 * gap * TRIO * NAD / (0.21 * 0.09) - 6549.8 * BPG * NADH / (0.0098 * 0.06)) /
      ((1.0 + gap * TRIO / 0.21 + BPG / 0.0098) * (1.0 + NAD / 0.09 + NADH / 0.06));
  const double vPGK = (1306.45 / (0.53 * 0.3)) * (3200.0 * BPG * ADP - P3G * ATP) /
                      ((1.0 + BPG / 0.003 + P3G / 0.53) * (1.0 + ATP / 0.3 + ADP / 0.2));
  const double vPGM = (2525.81 / 1.2) * (P3G - P2G / 0.19) / (1.0 + P3G / 1.2 + P2G / 0.08);
  const double vENO = (365.806 / 0.04) * (P2G - PEP / 6.7) / (1.0 + P2G / 0.04 + PEP / 0.5);
  const double vPYK = (1088.71 / (0.14 * 0.53)) * (PEP * ADP - PYR * ATP / 6500.0) /
                      ((1.0 + PEP / 0.14 + PYR / 21.0) * (1.0 + ATP / 1.5 + ADP / 0.53));
  const double hill = std::pow(PYR, 1.9) / std::pow(4.33, 1.9);
  const double vPDC = 174.194 * hill / (1.0 + hill);
  const double vSUC = 21.4 * ACE;
  const double vGLT =
      (97.264 / 1.1918) * (GLCo - GLCi / 1.0) /
      (1.0 + GLCo / 1.1918 + GLCi / 1.1918 + 0.91 * GLCo * GLCi / (1.1918 * 1.1918));
  const double kd = 0.92 * 17.0;
  const double vADH =
      -((810.0 / kd) * (NAD * ETOH - NADH * ACE / 6.9e-05) /
        (1.0 + NAD / 0.92 + 0.17 * ETOH / kd + 0.11 * ACE / (0.031 * 1.11) + NADH / 0.031 +
         NAD * ETOH / kd + 0.11 * NAD * ACE / (0.92 * 0.031 * 1.11) +
         0.17 * ETOH * NADH / (kd * 0.031) + NADH * ACE / (0.031 * 1.11) +
         NAD * ETOH * ACE / (kd * 1.1) + ETOH * NADH * ACE / (90.0 * 0.031 * 1.11)));
  const double vG3PDH = (70.15 / (0.4 * 0.023)) * (dhap * TRIO * NADH - GLY * NAD / 4300.0) /
                        ((1.0 + dhap * TRIO / 0.4 + GLY / 1.0) * (1.0 + NADH / 0.023 + NAD / 0.93));
  const double vATP = 33.7 * ATP;

  dy[0] = vGLT - vGLK;                                                        // GLCi
  dy[1] = vGLK - vPGI - vGLYCO - 2.0 * vTreha;                                // G6P
  dy[2] = vPGI - vPFK;                                                        // F6P
  dy[3] = vPFK - vALD;                                                        // F16P
  dy[4] = 2.0 * vALD - vGAPDH - vG3PDH;                                       // TRIO
  dy[5] = vGAPDH - vPGK;                                                      // BPG
  dy[6] = vPGK - vPGM;                                                        // P3G
  dy[7] = vPGM - vENO;                                                        // P2G
  dy[8] = vENO - vPYK;                                                        // PEP
  dy[9] = vPYK - vPDC;                                                        // PYR
  dy[10] = vPDC - 2.0 * vSUC - vADH;                                          // ACE
  dy[11] = -vGLK - vGLYCO - vTreha - vPFK + vPGK + vPYK - 4.0 * vSUC - vATP;  // P
  dy[12] = -vGAPDH - 3.0 * vSUC + vADH + vG3PDH;                              // NAD
  dy[13] = vGAPDH + 3.0 * vSUC - vADH - vG3PDH;                               // NADH
}

}  // namespace ergon::bench
