"""This package's TOML data files as Python, generated from them by
`python -m servicekit.screening.generate`: do not edit, edit the TOML and regenerate
(tests/test_rule_pack.py fails while the two disagree).

Each function returns a fresh copy of one file's data, as tomli parses it; importing this
module from its bytecode costs a start-up a fraction of parsing the TOML.
"""
# ruff: noqa: E501

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _contraindications() -> dict[str, Any]:
    return {
        "rules": [
            {
                "id": "dvt",
                "row": 1,
                "name": "Active or suspected deep vein thrombosis",
                "when": {"conditions": ["dvt"]},
                "severity": "block",
                "scope": "session",
                "reason": "Massage could move a clot; DVT is a systemic contraindication.",
                "modification": "Do not book; refer the client for medical evaluation.",
                "sources": ["W", "NCCIH", "LTS", "BMC"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Akute oder vermutete tiefe Venenthrombose",
                        "reason": "Massage könnte ein Gerinnsel lösen; eine TVT "
                        "ist eine systemische Kontraindikation.",
                        "modification": "Nicht buchen; die Klientin oder den "
                        "Klienten zur ärztlichen Abklärung "
                        "überweisen.",
                    },
                    "fr": {
                        "name": "Thrombose veineuse profonde avérée ou suspectée",
                        "reason": "Le massage pourrait déplacer un caillot ; la "
                        "TVP est une contre-indication systémique.",
                        "modification": "Ne pas réserver ; orienter le client "
                        "vers une évaluation médicale.",
                    },
                    "es": {
                        "name": "Trombosis venosa profunda activa o sospechada",
                        "reason": "El masaje podría desprender un coágulo; la TVP "
                        "es una contraindicación sistémica.",
                        "modification": "No reservar; derivar al cliente a evaluación médica.",
                    },
                },
            },
            {
                "id": "dvt-history",
                "row": 2,
                "name": "History of DVT or a clot under treatment",
                "when": {"conditions": ["dvt-history"]},
                "severity": "clearance",
                "scope": "session",
                "reason": "A past or treated clot needs the physician's approval before massage.",
                "modification": "With clearance: light touch on the legs while on anticoagulants.",
                "sources": ["MMW", "STAG", "LTS"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "TVT in der Vorgeschichte oder Gerinnsel in Behandlung",
                        "reason": "Ein früheres oder behandeltes Gerinnsel "
                        "erfordert vor der Massage die Freigabe des "
                        "Arztes.",
                        "modification": "Mit Freigabe: unter Antikoagulanzien an "
                        "den Beinen nur leichte Berührung.",
                    },
                    "fr": {
                        "name": "Antécédent de TVP ou caillot en cours de traitement",
                        "reason": "Un caillot passé ou traité nécessite l'accord "
                        "du médecin avant tout massage.",
                        "modification": "Avec l'accord médical : toucher léger "
                        "sur les jambes sous anticoagulants.",
                    },
                    "es": {
                        "name": "Antecedentes de TVP o coágulo en tratamiento",
                        "reason": "Un coágulo pasado o tratado requiere la "
                        "aprobación del médico antes del masaje.",
                        "modification": "Con autorización: solo toque ligero en "
                        "las piernas mientras tome "
                        "anticoagulantes.",
                    },
                },
            },
            {
                "id": "dvt-history-legs",
                "row": 2,
                "name": "History of DVT: legs",
                "when": {"conditions": ["dvt-history"]},
                "severity": "modify",
                "scope": "session",
                "max_pressure": 1,
                "regions": ["left-leg", "right-leg"],
                "reason": "Pressure on the legs after a clot risks another.",
                "modification": "Light touch only on the legs.",
                "sources": ["MMW", "STAG"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "TVT in der Vorgeschichte: Beine",
                        "reason": "Druck auf die Beine nach einem Gerinnsel birgt "
                        "das Risiko eines weiteren.",
                        "modification": "An den Beinen nur leichte Berührung.",
                    },
                    "fr": {
                        "name": "Antécédent de TVP : jambes",
                        "reason": "Une pression sur les jambes après un caillot "
                        "expose à un nouveau caillot.",
                        "modification": "Toucher léger uniquement sur les jambes.",
                    },
                    "es": {
                        "name": "Antecedentes de TVP: piernas",
                        "reason": "La presión sobre las piernas tras un coágulo "
                        "conlleva el riesgo de otro.",
                        "modification": "Solo toque ligero en las piernas.",
                    },
                },
            },
            {
                "id": "dvt-history-no-cupping",
                "row": 2,
                "name": "History of DVT: no cupping",
                "when": {"conditions": ["dvt-history"]},
                "severity": "block",
                "scope": "addon",
                "addon_properties": ["suction"],
                "reason": "Cupping draws blood to the tissue; not after a clot.",
                "sources": ["MMW", "CUP"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "TVT in der Vorgeschichte: kein Schröpfen",
                        "reason": "Schröpfen zieht Blut ins Gewebe; nicht nach einem Gerinnsel.",
                    },
                    "fr": {
                        "name": "Antécédent de TVP : pas de ventouses",
                        "reason": "Les ventouses attirent le sang dans les tissus "
                        "; pas après un caillot.",
                    },
                    "es": {
                        "name": "Antecedentes de TVP: sin ventosas",
                        "reason": "Las ventosas atraen sangre al tejido; no "
                        "después de un coágulo.",
                    },
                },
            },
            {
                "id": "dvt-history-drainage",
                "row": 2,
                "name": "History of DVT: no lymphatic drainage",
                "when": {"conditions": ["dvt-history"]},
                "severity": "block",
                "scope": "service",
                "modality_properties": ["lymphatic-drainage"],
                "reason": "Lymphatic drainage moves fluid toward the heart; not after a clot.",
                "modification": "Offer another service, within the light-touch limits for the "
                "legs.",
                "sources": ["MMW", "STAG", "LTS"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "TVT in der Vorgeschichte: keine Lymphdrainage",
                        "reason": "Lymphdrainage bewegt Flüssigkeit zum Herzen; "
                        "nicht nach einem Gerinnsel.",
                        "modification": "Eine andere Leistung anbieten, innerhalb "
                        "der Grenzen leichter Berührung an den "
                        "Beinen.",
                    },
                    "fr": {
                        "name": "Antécédent de TVP : pas de drainage lymphatique",
                        "reason": "Le drainage lymphatique déplace les liquides "
                        "vers le cœur ; pas après un caillot.",
                        "modification": "Proposer une autre prestation, dans les "
                        "limites du toucher léger sur les "
                        "jambes.",
                    },
                    "es": {
                        "name": "Antecedentes de TVP: sin drenaje linfático",
                        "reason": "El drenaje linfático desplaza líquido hacia el "
                        "corazón; no después de un coágulo.",
                        "modification": "Ofrecer otro servicio, dentro de los "
                        "límites de toque ligero en las "
                        "piernas.",
                    },
                },
            },
            {
                "id": "blood-thinners",
                "row": 3,
                "name": "Anticoagulants or antiplatelets",
                "when": {"medications": ["anticoagulant", "antiplatelet"]},
                "severity": "modify",
                "scope": "session",
                "max_pressure": 2,
                "reason": "Blood thinners bruise easily: no forceful or deep work.",
                "modification": "Light to moderate pressure only.",
                "sources": ["NCCIH", "OEP", "STAG"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Antikoagulanzien oder Thrombozytenaggregationshemmer",
                        "reason": "Unter Blutverdünnern entstehen leicht "
                        "Blutergüsse: keine kräftige oder tiefe Arbeit.",
                        "modification": "Nur leichter bis mittlerer Druck.",
                    },
                    "fr": {
                        "name": "Anticoagulants ou antiagrégants plaquettaires",
                        "reason": "Sous anticoagulants, les ecchymoses "
                        "apparaissent facilement : pas de travail "
                        "appuyé ou profond.",
                        "modification": "Pression légère à modérée uniquement.",
                    },
                    "es": {
                        "name": "Anticoagulantes o antiagregantes plaquetarios",
                        "reason": "Con anticoagulantes aparecen hematomas con "
                        "facilidad: nada de trabajo enérgico ni "
                        "profundo.",
                        "modification": "Solo presión ligera a moderada.",
                    },
                },
            },
            {
                "id": "blood-thinners-cupping",
                "row": 3,
                "name": "Anticoagulants or antiplatelets: cupping",
                "when": {"medications": ["anticoagulant", "antiplatelet"]},
                "severity": "clearance",
                "scope": "addon",
                "addon_properties": ["suction"],
                "reason": "Cupping on blood thinners needs the physician's approval.",
                "modification": "Leave out the cupping, or book it once the physician approves.",
                "sources": ["CUP"],
                "tier": "C",
                "translations": {
                    "de": {
                        "name": "Antikoagulanzien oder Thrombozytenaggregationshemmer: Schröpfen",
                        "reason": "Schröpfen unter Blutverdünnern erfordert die "
                        "Freigabe des Arztes.",
                        "modification": "Das Schröpfen weglassen oder erst "
                        "buchen, wenn der Arzt es freigibt.",
                    },
                    "fr": {
                        "name": "Anticoagulants ou antiagrégants plaquettaires : ventouses",
                        "reason": "Les ventouses sous anticoagulants nécessitent "
                        "l'accord du médecin.",
                        "modification": "Retirer les ventouses, ou les réserver "
                        "une fois l'accord du médecin obtenu.",
                    },
                    "es": {
                        "name": "Anticoagulantes o antiagregantes plaquetarios: ventosas",
                        "reason": "Las ventosas con anticoagulantes requieren la "
                        "aprobación del médico.",
                        "modification": "Omitir las ventosas, o reservarlas "
                        "cuando el médico lo apruebe.",
                    },
                },
            },
            {
                "id": "bleeding-disorder",
                "row": 4,
                "name": "Bleeding disorder or low platelets",
                "when": {"conditions": ["bleeding-disorder"]},
                "severity": "clearance",
                "scope": "session",
                "reason": "Vigorous or deep work can cause bleeding; cancer centres advise no "
                "massage when platelets are low.",
                "modification": "With clearance: gentle work only.",
                "sources": ["NCCIH", "HUNT"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Blutgerinnungsstörung oder niedrige Thrombozytenzahl",
                        "reason": "Kräftige oder tiefe Arbeit kann Blutungen "
                        "auslösen; Krebszentren raten bei niedrigen "
                        "Thrombozyten von Massage ab.",
                        "modification": "Mit Freigabe: nur sanfte Arbeit.",
                    },
                    "fr": {
                        "name": "Trouble de la coagulation ou plaquettes basses",
                        "reason": "Un travail vigoureux ou profond peut provoquer "
                        "des saignements ; les centres de cancérologie "
                        "déconseillent le massage quand les plaquettes "
                        "sont basses.",
                        "modification": "Avec l'accord médical : travail doux uniquement.",
                    },
                    "es": {
                        "name": "Trastorno de la coagulación o plaquetas bajas",
                        "reason": "El trabajo vigoroso o profundo puede causar "
                        "hemorragias; los centros oncológicos "
                        "desaconsejan el masaje con plaquetas bajas.",
                        "modification": "Con autorización: solo trabajo suave.",
                    },
                },
            },
            {
                "id": "bleeding-disorder-cupping",
                "row": 4,
                "name": "Bleeding disorder: cupping",
                "when": {"conditions": ["bleeding-disorder"]},
                "severity": "block",
                "scope": "addon",
                "addon_properties": ["suction"],
                "reason": "Suction on a bleeding disorder causes bruising and bleeding.",
                "sources": ["CUP"],
                "tier": "C",
                "translations": {
                    "de": {
                        "name": "Blutgerinnungsstörung: Schröpfen",
                        "reason": "Saugwirkung bei einer Blutgerinnungsstörung "
                        "verursacht Blutergüsse und Blutungen.",
                    },
                    "fr": {
                        "name": "Trouble de la coagulation : ventouses",
                        "reason": "La succion en cas de trouble de la coagulation "
                        "provoque ecchymoses et saignements.",
                    },
                    "es": {
                        "name": "Trastorno de la coagulación: ventosas",
                        "reason": "La succión con un trastorno de la coagulación "
                        "provoca hematomas y hemorragias.",
                    },
                },
            },
            {
                "id": "fever",
                "row": 5,
                "name": "Fever or acute infection",
                "when": {"conditions": ["fever"]},
                "severity": "block",
                "scope": "session",
                "reason": "Massage with a fever or acute infection spreads it and strains the "
                "body.",
                "modification": "Reschedule once well (lymphatic drainage resumes about 2-3 days "
                "into antibiotics with improvement).",
                "sources": ["OEP", "LTS", "MISC"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Fieber oder akute Infektion",
                        "reason": "Massage bei Fieber oder akuter Infektion "
                        "verbreitet sie und belastet den Körper.",
                        "modification": "Termin verschieben, bis die Person "
                        "gesund ist (Lymphdrainage wird etwa 2–3 "
                        "Tage nach Beginn einer "
                        "Antibiotikatherapie bei Besserung wieder "
                        "aufgenommen).",
                    },
                    "fr": {
                        "name": "Fièvre ou infection aiguë",
                        "reason": "Masser en cas de fièvre ou d'infection aiguë "
                        "la propage et fatigue l'organisme.",
                        "modification": "Reporter jusqu'à la guérison (le "
                        "drainage lymphatique reprend environ 2 à "
                        "3 jours après le début des antibiotiques "
                        "s'il y a amélioration).",
                    },
                    "es": {
                        "name": "Fiebre o infección aguda",
                        "reason": "El masaje con fiebre o infección aguda la "
                        "propaga y sobrecarga el organismo.",
                        "modification": "Reprogramar cuando se haya recuperado "
                        "(el drenaje linfático se reanuda unos "
                        "2-3 días después de iniciar antibióticos "
                        "si hay mejoría).",
                    },
                },
            },
            {
                "id": "contagious-skin",
                "row": 6,
                "name": "Contagious skin condition",
                "when": {"conditions": ["contagious-skin"]},
                "severity": "local",
                "scope": "region",
                "reason": "Contact spreads the infection.",
                "modification": "Avoid the area; region-bound add-ons elsewhere only.",
                "sources": ["OEP", "CMTO"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Ansteckende Hauterkrankung",
                        "reason": "Berührung verbreitet die Infektion.",
                        "modification": "Den Bereich aussparen; auf einen Bereich "
                        "begrenzte Extras nur an anderen "
                        "Stellen.",
                    },
                    "fr": {
                        "name": "Affection cutanée contagieuse",
                        "reason": "Le contact propage l'infection.",
                        "modification": "Éviter la zone ; suppléments localisés "
                        "uniquement ailleurs.",
                    },
                    "es": {
                        "name": "Afección cutánea contagiosa",
                        "reason": "El contacto propaga la infección.",
                        "modification": "Evitar la zona; complementos localizados "
                        "solo en otras zonas.",
                    },
                },
            },
            {
                "id": "contagious-skin-widespread",
                "row": 6,
                "name": "Contagious skin condition over a large area",
                "when": {"conditions": ["contagious-skin-widespread"]},
                "severity": "block",
                "scope": "session",
                "reason": "A widespread contagious condition cannot be worked around.",
                "modification": "Postpone until resolved.",
                "sources": ["OEP", "CMTO"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Ansteckende Hauterkrankung auf großer Fläche",
                        "reason": "Eine großflächige ansteckende Erkrankung lässt "
                        "sich nicht umgehen.",
                        "modification": "Verschieben, bis sie abgeheilt ist.",
                    },
                    "fr": {
                        "name": "Affection cutanée contagieuse étendue",
                        "reason": "Une affection contagieuse étendue ne peut pas être contournée.",
                        "modification": "Reporter jusqu'à la guérison.",
                    },
                    "es": {
                        "name": "Afección cutánea contagiosa extensa",
                        "reason": "Una afección contagiosa extensa no se puede "
                        "evitar trabajando alrededor.",
                        "modification": "Aplazar hasta que se resuelva.",
                    },
                },
            },
            {
                "id": "open-wound",
                "row": 7,
                "name": "Open wound, lesion or recent burn",
                "when": {"conditions": ["open-wound"]},
                "severity": "local",
                "scope": "region",
                "reason": "No contact on open skin or a recent burn.",
                "modification": "Avoid the area.",
                "sources": ["NCCIH", "W"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Offene Wunde, Hautläsion oder frische Verbrennung",
                        "reason": "Kein Kontakt mit offener Haut oder einer frischen Verbrennung.",
                        "modification": "Den Bereich aussparen.",
                    },
                    "fr": {
                        "name": "Plaie ouverte, lésion ou brûlure récente",
                        "reason": "Aucun contact sur une peau lésée ou une brûlure récente.",
                        "modification": "Éviter la zone.",
                    },
                    "es": {
                        "name": "Herida abierta, lesión o quemadura reciente",
                        "reason": "Ningún contacto sobre piel abierta o una quemadura reciente.",
                        "modification": "Evitar la zona.",
                    },
                },
            },
            {
                "id": "sunburn",
                "row": 8,
                "name": "Sunburn",
                "when": {"conditions": ["sunburn"]},
                "severity": "local",
                "scope": "region",
                "reason": "Burnt skin: no pressure, heat or suction on it.",
                "modification": "Avoid the area; no heat or cupping there.",
                "sources": ["W", "HS", "CUP"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Sonnenbrand",
                        "reason": "Verbrannte Haut: kein Druck, keine Wärme und "
                        "keine Saugwirkung darauf.",
                        "modification": "Den Bereich aussparen; dort keine Wärme "
                        "und kein Schröpfen.",
                    },
                    "fr": {
                        "name": "Coup de soleil",
                        "reason": "Peau brûlée : ni pression, ni chaleur, ni succion dessus.",
                        "modification": "Éviter la zone ; ni chaleur ni ventouses à cet endroit.",
                    },
                    "es": {
                        "name": "Quemadura solar",
                        "reason": "Piel quemada: sin presión, calor ni succión sobre ella.",
                        "modification": "Evitar la zona; sin calor ni ventosas en ella.",
                    },
                },
            },
            {
                "id": "recent-surgery",
                "row": 9,
                "name": "Recent surgery",
                "when": {"surgery_within_days": 90},
                "severity": "clearance",
                "scope": "session",
                "reason": "After surgery the surgeon should clear massage.",
                "modification": "With clearance, avoid the surgical site.",
                "sources": ["NCCIH", "MISC"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Kürzliche Operation",
                        "reason": "Nach einer Operation sollte der Chirurg die Massage freigeben.",
                        "modification": "Mit Freigabe die Operationsstelle aussparen.",
                    },
                    "fr": {
                        "name": "Chirurgie récente",
                        "reason": "Après une opération, le chirurgien doit autoriser le massage.",
                        "modification": "Avec l'accord médical, éviter le site opératoire.",
                    },
                    "es": {
                        "name": "Cirugía reciente",
                        "reason": "Tras una cirugía, el cirujano debe autorizar el masaje.",
                        "modification": "Con autorización, evitar la zona operada.",
                    },
                },
            },
            {
                "id": "recent-surgery-site",
                "row": 9,
                "name": "Recent surgery: the site",
                "when": {"surgery_within_days": 90},
                "severity": "local",
                "scope": "region",
                "reason": "The surgical site must heal undisturbed.",
                "modification": "Avoid the surgical site.",
                "sources": ["NCCIH"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Kürzliche Operation: die Operationsstelle",
                        "reason": "Die Operationsstelle muss ungestört heilen.",
                        "modification": "Die Operationsstelle aussparen.",
                    },
                    "fr": {
                        "name": "Chirurgie récente : le site opératoire",
                        "reason": "Le site opératoire doit cicatriser sans être sollicité.",
                        "modification": "Éviter le site opératoire.",
                    },
                    "es": {
                        "name": "Cirugía reciente: la zona operada",
                        "reason": "La zona operada debe cicatrizar sin alteraciones.",
                        "modification": "Evitar la zona operada.",
                    },
                },
            },
            {
                "id": "recent-surgery-unspecified",
                "row": 9,
                "name": "Recent surgery, no details",
                "when": {"conditions": ["recent-surgery"]},
                "severity": "clearance",
                "scope": "session",
                "reason": "After surgery the surgeon should clear massage; the intake gives no "
                "date or site.",
                "modification": "Ask for the date and site; avoid the site.",
                "sources": ["NCCIH"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Kürzliche Operation, ohne Angaben",
                        "reason": "Nach einer Operation sollte der Chirurg die "
                        "Massage freigeben; der Anamnesebogen nennt "
                        "weder Datum noch Stelle.",
                        "modification": "Nach Datum und Stelle fragen; die Stelle aussparen.",
                    },
                    "fr": {
                        "name": "Chirurgie récente, sans précisions",
                        "reason": "Après une opération, le chirurgien doit "
                        "autoriser le massage ; le questionnaire "
                        "n'indique ni date ni site.",
                        "modification": "Demander la date et le site ; éviter le site.",
                    },
                    "es": {
                        "name": "Cirugía reciente, sin detalles",
                        "reason": "Tras una cirugía, el cirujano debe autorizar "
                        "el masaje; el cuestionario no indica fecha ni "
                        "zona.",
                        "modification": "Preguntar la fecha y la zona; evitar la zona.",
                    },
                },
            },
            {
                "id": "recent-injury",
                "row": 10,
                "name": "Recent fracture, sprain or strain",
                "when": {"injury_within_days": 42},
                "severity": "local",
                "scope": "region",
                "reason": "An acute injury is worked around, not on.",
                "modification": "Avoid the site in the acute stage; the rest of the body is fine.",
                "sources": ["W", "NCCIH"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Kürzlicher Knochenbruch, Verstauchung oder Zerrung",
                        "reason": "Um eine akute Verletzung wird herum gearbeitet, nicht an ihr.",
                        "modification": "Die Stelle im akuten Stadium aussparen; "
                        "der übrige Körper kann behandelt "
                        "werden.",
                    },
                    "fr": {
                        "name": "Fracture, entorse ou élongation récente",
                        "reason": "On travaille autour d'une blessure aiguë, pas dessus.",
                        "modification": "Éviter le site au stade aigu ; le reste "
                        "du corps peut être massé.",
                    },
                    "es": {
                        "name": "Fractura, esguince o distensión reciente",
                        "reason": "Una lesión aguda se trabaja alrededor, no sobre ella.",
                        "modification": "Evitar la zona en la fase aguda; el "
                        "resto del cuerpo se puede tratar.",
                    },
                },
            },
            {
                "id": "fracture-stretching",
                "row": 10,
                "name": "Recent fracture or sprain: stretching",
                "when": {"conditions": ["fracture"]},
                "severity": "clearance",
                "scope": "service",
                "modality_properties": ["stretching"],
                "reason": "Stretching moves injured joints and tissue.",
                "modification": "Book stretching once the physician approves; offer other work "
                "until then.",
                "sources": ["W", "NCCIH"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Kürzlicher Knochenbruch oder Verstauchung: Dehnung",
                        "reason": "Dehnung bewegt verletzte Gelenke und Gewebe.",
                        "modification": "Dehnung erst buchen, wenn der Arzt sie "
                        "freigibt; bis dahin andere Arbeit "
                        "anbieten.",
                    },
                    "fr": {
                        "name": "Fracture ou entorse récente : étirements",
                        "reason": "Les étirements mobilisent les articulations et "
                        "les tissus blessés.",
                        "modification": "Réserver les étirements une fois "
                        "l'accord du médecin obtenu ; proposer un "
                        "autre soin d'ici là.",
                    },
                    "es": {
                        "name": "Fractura o esguince reciente: estiramientos",
                        "reason": "Los estiramientos movilizan articulaciones y "
                        "tejidos lesionados.",
                        "modification": "Reservar estiramientos cuando el médico "
                        "lo apruebe; hasta entonces, ofrecer otro "
                        "trabajo.",
                    },
                },
            },
            {
                "id": "recent-injury-stretching",
                "row": 10,
                "name": "Injury in the last six weeks: stretching",
                "when": {"injury_within_days": 42},
                "severity": "clearance",
                "scope": "service",
                "modality_properties": ["stretching"],
                "reason": "Stretching moves injured joints and tissue.",
                "modification": "Book stretching once the physician approves; offer other work "
                "until then.",
                "sources": ["W", "NCCIH"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Verletzung in den letzten sechs Wochen: Dehnung",
                        "reason": "Dehnung bewegt verletzte Gelenke und Gewebe.",
                        "modification": "Dehnung erst buchen, wenn der Arzt sie "
                        "freigibt; bis dahin andere Arbeit "
                        "anbieten.",
                    },
                    "fr": {
                        "name": "Blessure au cours des six dernières semaines : étirements",
                        "reason": "Les étirements mobilisent les articulations et "
                        "les tissus blessés.",
                        "modification": "Réserver les étirements une fois "
                        "l'accord du médecin obtenu ; proposer un "
                        "autre soin d'ici là.",
                    },
                    "es": {
                        "name": "Lesión en las últimas seis semanas: estiramientos",
                        "reason": "Los estiramientos movilizan articulaciones y "
                        "tejidos lesionados.",
                        "modification": "Reservar estiramientos cuando el médico "
                        "lo apruebe; hasta entonces, ofrecer otro "
                        "trabajo.",
                    },
                },
            },
            {
                "id": "fracture",
                "row": 10,
                "name": "Recent fracture or sprain",
                "when": {"conditions": ["fracture"]},
                "severity": "local",
                "scope": "region",
                "reason": "An acute injury is worked around, not on.",
                "modification": "Avoid the site in the acute stage.",
                "sources": ["W", "NCCIH"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Kürzlicher Knochenbruch oder Verstauchung",
                        "reason": "Um eine akute Verletzung wird herum gearbeitet, nicht an ihr.",
                        "modification": "Die Stelle im akuten Stadium aussparen.",
                    },
                    "fr": {
                        "name": "Fracture ou entorse récente",
                        "reason": "On travaille autour d'une blessure aiguë, pas dessus.",
                        "modification": "Éviter le site au stade aigu.",
                    },
                    "es": {
                        "name": "Fractura o esguince reciente",
                        "reason": "Una lesión aguda se trabaja alrededor, no sobre ella.",
                        "modification": "Evitar la zona en la fase aguda.",
                    },
                },
            },
            {
                "id": "inflammation-flare",
                "row": 11,
                "name": "Acute inflammation or autoimmune flare",
                "when": {"conditions": ["inflammation-flare"]},
                "severity": "local",
                "scope": "region",
                "remove_addon_properties": ["heat"],
                "reason": "Pressure and heat aggravate inflamed tissue.",
                "modification": "Avoid the inflamed area; no heat during a flare.",
                "sources": ["MISC"],
                "tier": "C",
                "translations": {
                    "de": {
                        "name": "Akute Entzündung oder Autoimmunschub",
                        "reason": "Druck und Wärme verschlimmern entzündetes Gewebe.",
                        "modification": "Den entzündeten Bereich aussparen; "
                        "während eines Schubs keine Wärme.",
                    },
                    "fr": {
                        "name": "Inflammation aiguë ou poussée auto-immune",
                        "reason": "La pression et la chaleur aggravent les tissus enflammés.",
                        "modification": "Éviter la zone enflammée ; pas de "
                        "chaleur pendant une poussée.",
                    },
                    "es": {
                        "name": "Inflamación aguda o brote autoinmune",
                        "reason": "La presión y el calor agravan el tejido inflamado.",
                        "modification": "Evitar la zona inflamada; sin calor durante un brote.",
                    },
                },
            },
            {
                "id": "varicose-veins",
                "row": 12,
                "name": "Varicose veins",
                "when": {"conditions": ["varicose-veins"]},
                "severity": "local",
                "scope": "region",
                "regions": ["left-leg", "right-leg"],
                "remove_addon_properties": ["suction", "heat"],
                "reason": "Deep or specific work, heat and suction over varicose veins can damage "
                "them.",
                "modification": "Avoid the veins and the area beyond them; gentle strokes "
                "elsewhere on the legs.",
                "sources": ["W", "CUP"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Krampfadern",
                        "reason": "Tiefe oder gezielte Arbeit, Wärme und "
                        "Saugwirkung über Krampfadern können sie "
                        "schädigen.",
                        "modification": "Die Venen und den Bereich dahinter "
                        "aussparen; an den übrigen Stellen der "
                        "Beine sanfte Streichungen.",
                    },
                    "fr": {
                        "name": "Varices",
                        "reason": "Un travail profond ou ciblé, la chaleur et la "
                        "succion sur des varices peuvent les "
                        "endommager.",
                        "modification": "Éviter les veines et la zone située "
                        "au-delà ; effleurages doux ailleurs sur "
                        "les jambes.",
                    },
                    "es": {
                        "name": "Varices",
                        "reason": "El trabajo profundo o específico, el calor y "
                        "la succión sobre las varices pueden dañarlas.",
                        "modification": "Evitar las venas y la zona más allá de "
                        "ellas; maniobras suaves en el resto de "
                        "las piernas.",
                    },
                },
            },
            {
                "id": "osteoporosis",
                "row": 13,
                "name": "Osteoporosis",
                "when": {"conditions": ["osteoporosis"]},
                "severity": "modify",
                "scope": "session",
                "max_pressure": 2,
                "reason": "Fragile bones: deep pressure and forceful joint work can fracture "
                "them.",
                "modification": "Reduce pressure; gentle joint movement; support the client's "
                "positioning.",
                "sources": ["W", "ABMPo", "NCCIH"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Osteoporose",
                        "reason": "Brüchige Knochen: tiefer Druck und kräftige "
                        "Gelenkarbeit können sie brechen.",
                        "modification": "Druck verringern; sanfte "
                        "Gelenkbewegungen; die Lagerung der "
                        "Klientin oder des Klienten gut "
                        "unterstützen.",
                    },
                    "fr": {
                        "name": "Ostéoporose",
                        "reason": "Os fragiles : une pression profonde et un "
                        "travail articulaire appuyé peuvent les "
                        "fracturer.",
                        "modification": "Réduire la pression ; mobilisations "
                        "articulaires douces ; bien soutenir le "
                        "positionnement du client.",
                    },
                    "es": {
                        "name": "Osteoporosis",
                        "reason": "Huesos frágiles: la presión profunda y el "
                        "trabajo articular enérgico pueden "
                        "fracturarlos.",
                        "modification": "Reducir la presión; movilización "
                        "articular suave; sostener bien la "
                        "postura del cliente.",
                    },
                },
            },
            {
                "id": "cancer-active-treatment",
                "row": 14,
                "name": "Cancer under active treatment",
                "when": {"conditions": ["cancer-active-treatment"]},
                "severity": "clearance",
                "scope": "session",
                "credential": "oncology",
                "reason": "Active cancer treatment needs an oncology-trained therapist and the "
                "oncologist's consent before deep or intense pressure.",
                "modification": "No pressure over a tumour.",
                "sources": ["NCCIH", "S4OM", "TW"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Krebs in aktiver Behandlung",
                        "reason": "Eine laufende Krebsbehandlung erfordert eine "
                        "onkologisch geschulte Therapeutin oder einen "
                        "onkologisch geschulten Therapeuten und vor "
                        "tiefem oder intensivem Druck die Zustimmung "
                        "des Onkologen.",
                        "modification": "Kein Druck über einem Tumor.",
                    },
                    "fr": {
                        "name": "Cancer en cours de traitement",
                        "reason": "Un traitement anticancéreux en cours exige un "
                        "thérapeute formé en oncologie et l'accord de "
                        "l'oncologue avant toute pression profonde ou "
                        "intense.",
                        "modification": "Aucune pression sur une tumeur.",
                    },
                    "es": {
                        "name": "Cáncer en tratamiento activo",
                        "reason": "El tratamiento oncológico activo requiere un "
                        "terapeuta con formación oncológica y el "
                        "consentimiento del oncólogo antes de aplicar "
                        "presión profunda o intensa.",
                        "modification": "Ninguna presión sobre un tumor.",
                    },
                },
            },
            {
                "id": "cancer-history",
                "name": "Cancer in the past",
                "when": {"conditions": ["cancer-history"]},
                "severity": "caution",
                "scope": "session",
                "reason": "Treatment can leave lasting effects: lymph nodes removed or "
                "irradiated, radiation fields, numbness, fragile bone, a raised clot "
                "risk in the months after.",
                "modification": "Ask about lasting effects of treatment, and record them in the "
                "intake (lymph-nodes-removed, radiation-field, ...).",
                "sources": ["TW", "MMW"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Krebs in der Vorgeschichte",
                        "reason": "Eine Behandlung kann bleibende Folgen haben: "
                        "entfernte oder bestrahlte Lymphknoten, "
                        "Bestrahlungsfelder, Taubheit, brüchige "
                        "Knochen, ein erhöhtes Thromboserisiko in den "
                        "Monaten danach.",
                        "modification": "Nach bleibenden Folgen der Behandlung "
                        "fragen und sie im Anamnesebogen erfassen "
                        "(lymph-nodes-removed, radiation-field, "
                        "...).",
                    },
                    "fr": {
                        "name": "Antécédent de cancer",
                        "reason": "Le traitement peut laisser des séquelles "
                        "durables : ganglions lymphatiques retirés ou "
                        "irradiés, champs d'irradiation, "
                        "engourdissements, os fragiles, risque accru de "
                        "caillot dans les mois suivants.",
                        "modification": "Demander les séquelles durables du "
                        "traitement et les consigner dans le "
                        "questionnaire (lymph-nodes-removed, "
                        "radiation-field, ...).",
                    },
                    "es": {
                        "name": "Antecedentes de cáncer",
                        "reason": "El tratamiento puede dejar secuelas duraderas: "
                        "ganglios linfáticos extirpados o irradiados, "
                        "campos de radiación, entumecimiento, huesos "
                        "frágiles, mayor riesgo de coágulos en los "
                        "meses siguientes.",
                        "modification": "Preguntar por las secuelas duraderas del "
                        "tratamiento y registrarlas en el "
                        "cuestionario (lymph-nodes-removed, "
                        "radiation-field, ...).",
                    },
                },
            },
            {
                "id": "tumor-site",
                "row": 15,
                "name": "Solid tumour site",
                "when": {"conditions": ["tumor-site"]},
                "severity": "local",
                "scope": "region",
                "reason": "No pressure or joint movement that disturbs a tumour.",
                "modification": "Avoid the tumour site.",
                "sources": ["TW"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Lage eines soliden Tumors",
                        "reason": "Kein Druck und keine Gelenkbewegung, die einen "
                        "Tumor beeinträchtigen.",
                        "modification": "Die Tumorstelle aussparen.",
                    },
                    "fr": {
                        "name": "Site d'une tumeur solide",
                        "reason": "Aucune pression ni mobilisation articulaire "
                        "qui perturbe une tumeur.",
                        "modification": "Éviter le site de la tumeur.",
                    },
                    "es": {
                        "name": "Localización de un tumor sólido",
                        "reason": "Ninguna presión ni movilización articular que altere un tumor.",
                        "modification": "Evitar la zona del tumor.",
                    },
                },
            },
            {
                "id": "unknown-primary",
                "row": 15,
                "name": "Cancer of unknown primary site",
                "when": {"conditions": ["unknown-primary"]},
                "severity": "modify",
                "scope": "session",
                "max_pressure": 2,
                "reason": "With the tumour's place unknown, keep overall pressure light.",
                "modification": "Walton pressure 1-2 overall.",
                "sources": ["TW"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Krebs mit unbekanntem Primärtumor",
                        "reason": "Solange die Lage des Tumors unbekannt ist, den "
                        "Druck insgesamt leicht halten.",
                        "modification": "Insgesamt Druck nach Walton 1–2.",
                    },
                    "fr": {
                        "name": "Cancer de site primitif inconnu",
                        "reason": "Tant que l'emplacement de la tumeur est "
                        "inconnu, garder une pression globalement "
                        "légère.",
                        "modification": "Pression Walton 1 à 2 sur l'ensemble du corps.",
                    },
                    "es": {
                        "name": "Cáncer de origen primario desconocido",
                        "reason": "Mientras se desconozca la localización del "
                        "tumor, mantener una presión ligera en general.",
                        "modification": "Presión Walton 1-2 en general.",
                    },
                },
            },
            {
                "id": "bone-metastasis",
                "row": 16,
                "name": "Bone metastasis",
                "when": {"conditions": ["bone-metastasis"]},
                "severity": "modify",
                "scope": "session",
                "max_pressure": 1,
                "reason": "Weakened bone fractures under pressure or joint movement.",
                "modification": "Pressure per the physician; when in doubt Walton level 1; no "
                "assisted stretching.",
                "sources": ["TW"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Knochenmetastasen",
                        "reason": "Geschwächter Knochen bricht unter Druck oder Gelenkbewegung.",
                        "modification": "Druck nach Vorgabe des Arztes; im "
                        "Zweifel Walton-Stufe 1; keine "
                        "assistierte Dehnung.",
                    },
                    "fr": {
                        "name": "Métastases osseuses",
                        "reason": "Un os affaibli se fracture sous la pression ou "
                        "la mobilisation articulaire.",
                        "modification": "Pression selon le médecin ; en cas de "
                        "doute, niveau Walton 1 ; pas "
                        "d'étirements assistés.",
                    },
                    "es": {
                        "name": "Metástasis óseas",
                        "reason": "El hueso debilitado se fractura con la presión "
                        "o la movilización articular.",
                        "modification": "Presión según indique el médico; en caso "
                        "de duda, nivel Walton 1; sin "
                        "estiramientos asistidos.",
                    },
                },
            },
            {
                "id": "bone-metastasis-stretching",
                "row": 16,
                "name": "Bone metastasis: stretching",
                "when": {"conditions": ["bone-metastasis"]},
                "severity": "block",
                "scope": "service",
                "modalities": ["assisted-stretching", "sports"],
                "reason": "Joint movement can fracture weakened bone.",
                "sources": ["TW"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Knochenmetastasen: Dehnung",
                        "reason": "Gelenkbewegung kann geschwächten Knochen brechen.",
                    },
                    "fr": {
                        "name": "Métastases osseuses : étirements",
                        "reason": "La mobilisation articulaire peut fracturer un os affaibli.",
                    },
                    "es": {
                        "name": "Metástasis óseas: estiramientos",
                        "reason": "La movilización articular puede fracturar un hueso debilitado.",
                    },
                },
            },
            {
                "id": "neutropenia",
                "row": 17,
                "name": "Neutropenia or immunosuppression",
                "when": {"conditions": ["neutropenia"]},
                "severity": "modify",
                "scope": "session",
                "max_pressure": 1,
                "remove_addon_properties": ["heat"],
                "reason": "A weak immune system: infection control and the gentlest touch.",
                "modification": "Walton 1 at most, and a stationary hold (Walton 0) where the "
                "care team advises it; strict hygiene.",
                "sources": ["NHS", "HS"],
                "tier": "C",
                "translations": {
                    "de": {
                        "name": "Neutropenie oder Immunsuppression",
                        "reason": "Ein geschwächtes Immunsystem: Infektionsschutz "
                        "und sanfteste Berührung.",
                        "modification": "Höchstens Walton 1, und ruhendes Halten "
                        "(Walton 0), wo das Behandlungsteam es "
                        "empfiehlt; strenge Hygiene.",
                    },
                    "fr": {
                        "name": "Neutropénie ou immunosuppression",
                        "reason": "Un système immunitaire affaibli : prévention "
                        "des infections et toucher le plus doux.",
                        "modification": "Walton 1 au maximum, et un maintien "
                        "immobile (Walton 0) là où l'équipe "
                        "soignante le conseille ; hygiène "
                        "stricte.",
                    },
                    "es": {
                        "name": "Neutropenia o inmunosupresión",
                        "reason": "Un sistema inmunitario debilitado: control de "
                        "infecciones y el toque más suave.",
                        "modification": "Walton 1 como máximo, y contacto "
                        "estático (Walton 0) donde lo indique el "
                        "equipo médico; higiene estricta.",
                    },
                },
            },
            {
                "id": "port-or-picc",
                "row": 18,
                "name": "Port or PICC line",
                "when": {"conditions": ["port-or-picc"]},
                "severity": "local",
                "scope": "region",
                "regions": ["chest", "left-arm", "right-arm"],
                "reason": "No pressure on an implanted device or line.",
                "modification": "Avoid the device; support the client with pillows.",
                "sources": ["ABT", "TW"],
                "tier": "C",
                "translations": {
                    "de": {
                        "name": "Port oder PICC-Katheter",
                        "reason": "Kein Druck auf ein implantiertes Gerät oder einen Katheter.",
                        "modification": "Das Gerät aussparen; die Klientin oder "
                        "den Klienten mit Kissen lagern.",
                    },
                    "fr": {
                        "name": "Chambre implantable ou cathéter PICC",
                        "reason": "Aucune pression sur un dispositif implanté ou un cathéter.",
                        "modification": "Éviter le dispositif ; caler le client "
                        "avec des coussins.",
                    },
                    "es": {
                        "name": "Reservorio (port) o catéter PICC",
                        "reason": "Ninguna presión sobre un dispositivo implantado o un catéter.",
                        "modification": "Evitar el dispositivo; acomodar al "
                        "cliente con almohadas.",
                    },
                },
            },
            {
                "id": "radiation-field",
                "row": 18,
                "name": "Radiation field",
                "when": {"conditions": ["radiation-field"]},
                "severity": "local",
                "scope": "region",
                "remove_addon_properties": ["heat", "essential-oil"],
                "reason": "Irradiated skin is fragile: no pressure, heat or oils on it.",
                "modification": "Avoid the irradiated area.",
                "sources": ["ABT", "TW"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Bestrahlungsfeld",
                        "reason": "Bestrahlte Haut ist empfindlich: kein Druck, "
                        "keine Wärme und keine Öle darauf.",
                        "modification": "Den bestrahlten Bereich aussparen.",
                    },
                    "fr": {
                        "name": "Champ d'irradiation",
                        "reason": "La peau irradiée est fragile : ni pression, ni "
                        "chaleur, ni huiles dessus.",
                        "modification": "Éviter la zone irradiée.",
                    },
                    "es": {
                        "name": "Campo de radiación",
                        "reason": "La piel irradiada es frágil: sin presión, "
                        "calor ni aceites sobre ella.",
                        "modification": "Evitar la zona irradiada.",
                    },
                },
            },
            {
                "id": "lymphedema",
                "row": 19,
                "name": "Lymphedema",
                "when": {"conditions": ["lymphedema"]},
                "severity": "clearance",
                "scope": "session",
                "reason": "Lymphedema needs the physician's approval; lymphatic drainage only by "
                "a certified lymphedema therapist.",
                "modification": "Light pressure only in the affected quadrant; no heat or "
                "constriction.",
                "sources": ["MMW", "MAYO"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Lymphödem",
                        "reason": "Ein Lymphödem erfordert die Freigabe des "
                        "Arztes; Lymphdrainage nur durch eine "
                        "zertifizierte Lymphödemtherapeutin oder einen "
                        "zertifizierten Lymphödemtherapeuten.",
                        "modification": "Im betroffenen Quadranten nur leichter "
                        "Druck; keine Wärme, nichts "
                        "Einschnürendes.",
                    },
                    "fr": {
                        "name": "Lymphœdème",
                        "reason": "Un lymphœdème nécessite l'accord du médecin ; "
                        "le drainage lymphatique uniquement par un "
                        "thérapeute certifié en lymphœdème.",
                        "modification": "Pression légère uniquement dans le "
                        "quadrant atteint ; ni chaleur ni "
                        "compression.",
                    },
                    "es": {
                        "name": "Linfedema",
                        "reason": "El linfedema requiere la aprobación del "
                        "médico; drenaje linfático solo a cargo de un "
                        "terapeuta certificado en linfedema.",
                        "modification": "Solo presión ligera en el cuadrante "
                        "afectado; sin calor ni constricción.",
                    },
                },
            },
            {
                "id": "lymphedema-drainage",
                "row": 19,
                "name": "Lymphedema: lymphatic drainage",
                "when": {"conditions": ["lymphedema"]},
                "severity": "caution",
                "scope": "service",
                "modality_properties": ["lymphatic-drainage"],
                "credential": "clt",
                "reason": "Manual lymphatic drainage for lymphedema is a CLT's work.",
                "modification": "Book with a Certified Lymphedema Therapist.",
                "sources": ["MMW", "MAYO"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Lymphödem: Lymphdrainage",
                        "reason": "Manuelle Lymphdrainage bei einem Lymphödem ist "
                        "Aufgabe einer zertifizierten "
                        "Lymphödemtherapeutin oder eines zertifizierten "
                        "Lymphödemtherapeuten.",
                        "modification": "Bei einer zertifizierten "
                        "Lymphödemtherapeutin oder einem "
                        "zertifizierten Lymphödemtherapeuten "
                        "buchen.",
                    },
                    "fr": {
                        "name": "Lymphœdème : drainage lymphatique",
                        "reason": "Le drainage lymphatique manuel d'un lymphœdème "
                        "relève d'un thérapeute certifié en lymphœdème.",
                        "modification": "Réserver auprès d'un thérapeute certifié en lymphœdème.",
                    },
                    "es": {
                        "name": "Linfedema: drenaje linfático",
                        "reason": "El drenaje linfático manual del linfedema es "
                        "trabajo de un terapeuta certificado en "
                        "linfedema.",
                        "modification": "Reservar con un terapeuta certificado en linfedema.",
                    },
                },
            },
            {
                "id": "lymphedema-heat",
                "row": 19,
                "name": "Lymphedema: heat and deep work",
                "when": {"conditions": ["lymphedema"]},
                "severity": "modify",
                "scope": "session",
                "max_pressure": 2,
                "remove_addon_properties": ["heat", "suction"],
                "reason": "Heat, suction and deep pressure worsen lymphedema.",
                "modification": "No heat and no suction; light pressure.",
                "sources": ["MMW", "MAYO", "CUP"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Lymphödem: Wärme und tiefe Arbeit",
                        "reason": "Wärme, Saugwirkung und tiefer Druck "
                        "verschlimmern ein Lymphödem.",
                        "modification": "Keine Wärme und keine Saugwirkung; leichter Druck.",
                    },
                    "fr": {
                        "name": "Lymphœdème : chaleur et travail profond",
                        "reason": "La chaleur, la succion et la pression profonde "
                        "aggravent le lymphœdème.",
                        "modification": "Ni chaleur ni succion ; pression légère.",
                    },
                    "es": {
                        "name": "Linfedema: calor y trabajo profundo",
                        "reason": "El calor, la succión y la presión profunda "
                        "empeoran el linfedema.",
                        "modification": "Sin calor ni succión; presión ligera.",
                    },
                },
            },
            {
                "id": "lymph-nodes-removed",
                "row": 20,
                "name": "Lymph nodes removed or irradiated",
                "when": {"conditions": ["lymph-nodes-removed"]},
                "severity": "modify",
                "scope": "session",
                "max_pressure": 2,
                "remove_addon_properties": ["heat", "suction"],
                "reason": "The at-risk area carries a lifelong risk of lymphedema.",
                "modification": "Pressure limit in the at-risk quadrant for life; no heat on the "
                "limb.",
                "sources": ["MMW", "MAYO"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Lymphknoten entfernt oder bestrahlt",
                        "reason": "Der gefährdete Bereich birgt ein lebenslanges Lymphödemrisiko.",
                        "modification": "Im gefährdeten Quadranten lebenslang "
                        "eine Druckgrenze; keine Wärme an der "
                        "Gliedmaße.",
                    },
                    "fr": {
                        "name": "Ganglions lymphatiques retirés ou irradiés",
                        "reason": "La zone à risque comporte un risque de lymphœdème à vie.",
                        "modification": "Limite de pression à vie dans le "
                        "quadrant à risque ; pas de chaleur sur "
                        "le membre.",
                    },
                    "es": {
                        "name": "Ganglios linfáticos extirpados o irradiados",
                        "reason": "La zona de riesgo conlleva un riesgo de linfedema de por vida.",
                        "modification": "Límite de presión de por vida en el "
                        "cuadrante de riesgo; sin calor en la "
                        "extremidad.",
                    },
                },
            },
            {
                "id": "edema-unknown-cause",
                "row": 21,
                "name": "Swelling of unknown cause",
                "when": {"conditions": ["edema-unknown-cause"]},
                "severity": "clearance",
                "scope": "session",
                "reason": "Unexplained swelling needs a diagnosis first.",
                "modification": "Refer for diagnosis.",
                "sources": ["MGMM", "LTS"],
                "tier": "C",
                "translations": {
                    "de": {
                        "name": "Schwellung unbekannter Ursache",
                        "reason": "Eine ungeklärte Schwellung muss zuerst diagnostiziert werden.",
                        "modification": "Zur Diagnose überweisen.",
                    },
                    "fr": {
                        "name": "Gonflement de cause inconnue",
                        "reason": "Un gonflement inexpliqué doit d'abord être diagnostiqué.",
                        "modification": "Orienter vers un diagnostic.",
                    },
                    "es": {
                        "name": "Hinchazón de causa desconocida",
                        "reason": "Una hinchazón sin explicación necesita primero un diagnóstico.",
                        "modification": "Derivar para diagnóstico.",
                    },
                },
            },
            {
                "id": "edema-unknown-cause-drainage",
                "row": 21,
                "name": "Swelling of unknown cause: lymphatic drainage",
                "when": {"conditions": ["edema-unknown-cause"]},
                "severity": "block",
                "scope": "service",
                "modality_properties": ["lymphatic-drainage"],
                "reason": "Moving fluid before the cause is known can overload the heart or "
                "kidneys.",
                "sources": ["MGMM", "LTS"],
                "tier": "C",
                "translations": {
                    "de": {
                        "name": "Schwellung unbekannter Ursache: Lymphdrainage",
                        "reason": "Flüssigkeit zu bewegen, bevor die Ursache "
                        "bekannt ist, kann Herz oder Nieren "
                        "überlasten.",
                    },
                    "fr": {
                        "name": "Gonflement de cause inconnue : drainage lymphatique",
                        "reason": "Déplacer des liquides avant d'en connaître la "
                        "cause peut surcharger le cœur ou les reins.",
                    },
                    "es": {
                        "name": "Hinchazón de causa desconocida: drenaje linfático",
                        "reason": "Mover líquido antes de conocer la causa puede "
                        "sobrecargar el corazón o los riñones.",
                    },
                },
            },
            {
                "id": "heart-failure",
                "row": 22,
                "name": "Congestive heart failure",
                "when": {"conditions": ["heart-failure", "heart-failure-uncontrolled"]},
                "severity": "clearance",
                "scope": "session",
                "remove_addon_properties": ["heat"],
                "reason": "Circulatory massage adds load to a failing heart: physician approval "
                "first.",
                "modification": "Book once the physician approves; no heat.",
                "sources": ["LTS", "MGMM", "MISC"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Herzinsuffizienz",
                        "reason": "Kreislaufanregende Massage belastet ein "
                        "schwaches Herz zusätzlich: zuerst die Freigabe "
                        "des Arztes.",
                        "modification": "Erst buchen, wenn der Arzt sie freigibt; keine Wärme.",
                    },
                    "fr": {
                        "name": "Insuffisance cardiaque congestive",
                        "reason": "Un massage circulatoire ajoute une charge à un "
                        "cœur défaillant : l'accord du médecin d'abord.",
                        "modification": "Réserver une fois l'accord du médecin "
                        "obtenu ; pas de chaleur.",
                    },
                    "es": {
                        "name": "Insuficiencia cardíaca congestiva",
                        "reason": "El masaje circulatorio añade carga a un "
                        "corazón insuficiente: primero la aprobación "
                        "del médico.",
                        "modification": "Reservar cuando el médico lo apruebe; sin calor.",
                    },
                },
            },
            {
                "id": "heart-failure-drainage",
                "row": 22,
                "name": "Uncontrolled heart failure: lymphatic drainage",
                "when": {"conditions": ["heart-failure-uncontrolled"]},
                "severity": "block",
                "scope": "service",
                "modality_properties": ["lymphatic-drainage"],
                "reason": "Lymphatic drainage moves fluid into an uncontrolled failing heart.",
                "sources": ["LTS", "MGMM"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Nicht eingestellte Herzinsuffizienz: Lymphdrainage",
                        "reason": "Lymphdrainage führt Flüssigkeit einem nicht "
                        "eingestellten, schwachen Herzen zu.",
                    },
                    "fr": {
                        "name": "Insuffisance cardiaque non contrôlée : drainage lymphatique",
                        "reason": "Le drainage lymphatique envoie des liquides "
                        "vers un cœur défaillant non contrôlé.",
                    },
                    "es": {
                        "name": "Insuficiencia cardíaca no controlada: drenaje linfático",
                        "reason": "El drenaje linfático envía líquido a un "
                        "corazón insuficiente no controlado.",
                    },
                },
            },
            {
                "id": "kidney-disease",
                "row": 23,
                "name": "Chronic kidney disease or dialysis",
                "when": {"conditions": ["kidney-disease"]},
                "severity": "clearance",
                "scope": "session",
                "max_pressure": 2,
                "reason": "Kidney disease needs the physician's approval; avoid the fistula arm.",
                "modification": "Moderate pressure; no pressure on a dialysis fistula.",
                "sources": ["ABMPr", "LTS"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Chronische Nierenerkrankung oder Dialyse",
                        "reason": "Eine Nierenerkrankung erfordert die Freigabe "
                        "des Arztes; den Shuntarm aussparen.",
                        "modification": "Mittlerer Druck; kein Druck auf einen Dialyseshunt.",
                    },
                    "fr": {
                        "name": "Maladie rénale chronique ou dialyse",
                        "reason": "Une maladie rénale nécessite l'accord du "
                        "médecin ; éviter le bras de la fistule.",
                        "modification": "Pression modérée ; aucune pression sur "
                        "une fistule de dialyse.",
                    },
                    "es": {
                        "name": "Enfermedad renal crónica o diálisis",
                        "reason": "La enfermedad renal requiere la aprobación del "
                        "médico; evitar el brazo de la fístula.",
                        "modification": "Presión moderada; ninguna presión sobre "
                        "una fístula de diálisis.",
                    },
                },
            },
            {
                "id": "kidney-disease-drainage",
                "row": 23,
                "name": "Kidney disease: lymphatic drainage",
                "when": {"conditions": ["kidney-disease"]},
                "severity": "block",
                "scope": "service",
                "modality_properties": ["lymphatic-drainage"],
                "reason": "Lymphatic drainage is avoided in severe renal insufficiency.",
                "sources": ["ABMPr", "LTS"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Nierenerkrankung: Lymphdrainage",
                        "reason": "Bei schwerer Niereninsuffizienz wird Lymphdrainage vermieden.",
                    },
                    "fr": {
                        "name": "Maladie rénale : drainage lymphatique",
                        "reason": "Le drainage lymphatique est évité en cas "
                        "d'insuffisance rénale sévère.",
                    },
                    "es": {
                        "name": "Enfermedad renal: drenaje linfático",
                        "reason": "El drenaje linfático se evita en la insuficiencia renal grave.",
                    },
                },
            },
            {
                "id": "hypertension-uncontrolled",
                "row": 24,
                "name": "Uncontrolled or severe high blood pressure",
                "when": {"conditions": ["hypertension-uncontrolled"]},
                "severity": "block",
                "scope": "session",
                "reason": "Book only once blood pressure is under control.",
                "modification": "Reschedule after control.",
                "sources": ["OEP", "MISC"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Nicht eingestellter oder schwerer Bluthochdruck",
                        "reason": "Erst buchen, wenn der Blutdruck eingestellt ist.",
                        "modification": "Nach der Einstellung einen neuen Termin vereinbaren.",
                    },
                    "fr": {
                        "name": "Hypertension artérielle non contrôlée ou sévère",
                        "reason": "Ne réserver qu'une fois la tension artérielle contrôlée.",
                        "modification": "Reprogrammer une fois la tension contrôlée.",
                    },
                    "es": {
                        "name": "Hipertensión arterial no controlada o grave",
                        "reason": "Reservar solo cuando la presión arterial esté controlada.",
                        "modification": "Reprogramar cuando esté controlada.",
                    },
                },
            },
            {
                "id": "hypertension",
                "row": 25,
                "name": "High blood pressure on medication",
                "when": {"conditions": ["hypertension"]},
                "severity": "clearance",
                "scope": "session",
                "remove_addon_properties": ["heat"],
                "reason": "Circulatory full-body massage usually needs the doctor's approval with "
                "medicated hypertension; no heat.",
                "modification": "With the doctor's approval: check the client is stable; topical "
                "essential oils are not contraindicated.",
                "sources": ["W", "TY"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Medikamentös behandelter Bluthochdruck",
                        "reason": "Kreislaufanregende Ganzkörpermassage erfordert "
                        "bei medikamentös behandeltem Bluthochdruck in "
                        "der Regel die Freigabe des Arztes; keine "
                        "Wärme.",
                        "modification": "Mit Freigabe des Arztes: prüfen, ob die "
                        "Person stabil ist; äußerlich angewandte "
                        "ätherische Öle sind nicht "
                        "kontraindiziert.",
                    },
                    "fr": {
                        "name": "Hypertension artérielle sous traitement",
                        "reason": "Un massage circulatoire du corps entier "
                        "nécessite en général l'accord du médecin en "
                        "cas d'hypertension traitée ; pas de chaleur.",
                        "modification": "Avec l'accord du médecin : vérifier que "
                        "le client est stable ; les huiles "
                        "essentielles en application locale ne "
                        "sont pas contre-indiquées.",
                    },
                    "es": {
                        "name": "Hipertensión arterial con medicación",
                        "reason": "El masaje circulatorio de cuerpo completo "
                        "suele requerir la aprobación del médico en la "
                        "hipertensión medicada; sin calor.",
                        "modification": "Con la aprobación del médico: comprobar "
                        "que el cliente está estable; los aceites "
                        "esenciales de uso tópico no están "
                        "contraindicados.",
                    },
                },
            },
            {
                "id": "diabetic-neuropathy",
                "row": 26,
                "name": "Diabetic neuropathy",
                "when": {"conditions": ["diabetic-neuropathy"]},
                "severity": "modify",
                "scope": "session",
                "max_pressure": 3,
                "regions": ["left-foot", "right-foot"],
                "remove_addon_properties": ["heat", "suction"],
                "reason": "Numb skin cannot report pain or burning.",
                "modification": "Light to moderate pressure on numb areas; no heat and no suction "
                "there.",
                "sources": ["ABMPd", "HS", "MISC"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Diabetische Neuropathie",
                        "reason": "Taube Haut kann Schmerz oder Brennen nicht melden.",
                        "modification": "An tauben Stellen leichter bis mittlerer "
                        "Druck; dort keine Wärme und keine "
                        "Saugwirkung.",
                    },
                    "fr": {
                        "name": "Neuropathie diabétique",
                        "reason": "Une peau insensible ne peut signaler ni douleur ni brûlure.",
                        "modification": "Pression légère à modérée sur les zones "
                        "insensibles ; ni chaleur ni succion à "
                        "ces endroits.",
                    },
                    "es": {
                        "name": "Neuropatía diabética",
                        "reason": "La piel insensible no puede avisar de dolor ni de quemazón.",
                        "modification": "Presión ligera a moderada en las zonas "
                        "insensibles; sin calor ni succión en "
                        "ellas.",
                    },
                },
            },
            {
                "id": "diabetes-insulin",
                "row": 27,
                "name": "Diabetes on insulin",
                "when": {
                    "conditions": ["diabetes-insulin"],
                    "medications": ["insulin"],
                    "match": "any",
                },
                "severity": "caution",
                "scope": "session",
                "reason": "Massage can lower blood sugar.",
                "modification": "Schedule mid insulin cycle; watch for hypoglycaemia; keep sugar "
                "at hand.",
                "sources": ["ABMPd"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Diabetes mit Insulin",
                        "reason": "Massage kann den Blutzucker senken.",
                        "modification": "Mitten im Insulinzyklus planen; auf "
                        "Unterzuckerung achten; Zucker "
                        "griffbereit halten.",
                    },
                    "fr": {
                        "name": "Diabète sous insuline",
                        "reason": "Le massage peut faire baisser la glycémie.",
                        "modification": "Planifier au milieu du cycle d'insuline "
                        "; surveiller l'hypoglycémie ; garder du "
                        "sucre à portée de main.",
                    },
                    "es": {
                        "name": "Diabetes con insulina",
                        "reason": "El masaje puede bajar el azúcar en sangre.",
                        "modification": "Programar a mitad del ciclo de insulina; "
                        "vigilar la hipoglucemia; tener azúcar a "
                        "mano.",
                    },
                },
            },
            {
                "id": "epilepsy",
                "row": 28,
                "name": "Epilepsy",
                "when": {"conditions": ["epilepsy"]},
                "severity": "caution",
                "scope": "session",
                "reason": "Know the client's seizure plan and triggers.",
                "modification": "Agree a seizure action plan.",
                "sources": ["ABMPs"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Epilepsie",
                        "reason": "Den Anfallsplan und die Auslöser der Person kennen.",
                        "modification": "Einen Notfallplan für Anfälle vereinbaren.",
                    },
                    "fr": {
                        "name": "Épilepsie",
                        "reason": "Connaître le plan en cas de crise et les "
                        "facteurs déclenchants du client.",
                        "modification": "Convenir d'un plan d'action en cas de crise.",
                    },
                    "es": {
                        "name": "Epilepsia",
                        "reason": "Conocer el plan ante crisis del cliente y sus desencadenantes.",
                        "modification": "Acordar un plan de actuación ante una crisis.",
                    },
                },
            },
            {
                "id": "epilepsy-oils",
                "row": 28,
                "name": "Epilepsy: essential oils",
                "when": {"conditions": ["epilepsy"]},
                "severity": "block",
                "scope": "addon",
                "addon_properties": ["essential-oil"],
                "reason": "Several essential oils are convulsants (rosemary, sage, hyssop, "
                "camphor, spike lavender, wintergreen, birch, thuja, pennyroyal, tansy, "
                "wormwood, yarrow).",
                "modification": "Leave out any essential oils.",
                "sources": ["ABMPs", "TY"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Epilepsie: ätherische Öle",
                        "reason": "Mehrere ätherische Öle wirken krampfauslösend "
                        "(Rosmarin, Salbei, Ysop, Kampfer, "
                        "Speiklavendel, Wintergrün, Birke, Thuja, "
                        "Polei-Minze, Rainfarn, Wermut, Schafgarbe).",
                        "modification": "Ätherische Öle ganz weglassen.",
                    },
                    "fr": {
                        "name": "Épilepsie : huiles essentielles",
                        "reason": "Plusieurs huiles essentielles sont "
                        "convulsivantes (romarin, sauge, hysope, "
                        "camphre, lavande aspic, gaulthérie, bouleau, "
                        "thuya, menthe pouliot, tanaisie, absinthe, "
                        "achillée millefeuille).",
                        "modification": "Retirer toute huile essentielle.",
                    },
                    "es": {
                        "name": "Epilepsia: aceites esenciales",
                        "reason": "Varios aceites esenciales son convulsivantes "
                        "(romero, salvia, hisopo, alcanfor, espliego, "
                        "gaulteria, abedul, tuya, poleo, tanaceto, "
                        "ajenjo, milenrama).",
                        "modification": "Omitir cualquier aceite esencial.",
                    },
                },
            },
            {
                "id": "fibromyalgia",
                "row": 29,
                "name": "Fibromyalgia",
                "when": {"conditions": ["fibromyalgia"]},
                "severity": "modify",
                "scope": "session",
                "max_pressure": 3,
                "reason": "Pain sensitivity varies: individualise pressure and length.",
                "modification": "Pressure and duration to tolerance; check in often.",
                "sources": ["ABMPf", "AMTAf"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Fibromyalgie",
                        "reason": "Die Schmerzempfindlichkeit schwankt: Druck und "
                        "Dauer individuell anpassen.",
                        "modification": "Druck und Dauer nach Verträglichkeit; häufig nachfragen.",
                    },
                    "fr": {
                        "name": "Fibromyalgie",
                        "reason": "La sensibilité à la douleur varie : adapter la "
                        "pression et la durée à chacun.",
                        "modification": "Pression et durée selon la tolérance ; "
                        "demander souvent le ressenti.",
                    },
                    "es": {
                        "name": "Fibromialgia",
                        "reason": "La sensibilidad al dolor varía: individualizar "
                        "presión y duración.",
                        "modification": "Presión y duración según tolerancia; preguntar a menudo.",
                    },
                },
            },
            {
                "id": "pregnancy-first-trimester",
                "row": 30,
                "name": "Pregnancy, first trimester",
                "when": {"pregnancy_weeks": {"min": 0, "max": 13}},
                "severity": "caution",
                "scope": "session",
                "credential": "prenatal",
                "reason": "Sources disagree on massage in the first trimester; trial evidence "
                "starts at 12 weeks. A clinic policy may ask for clearance.",
                "modification": "No abdominal work or abdominal lymphatic drainage.",
                "sources": ["OEP", "MG", "STAG", "MGMM"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Schwangerschaft, erstes Trimester",
                        "reason": "Die Quellen sind sich über Massage im ersten "
                        "Trimester uneinig; Studiendaten beginnen ab "
                        "der 12. Woche. Eine Praxisrichtlinie kann eine "
                        "Freigabe verlangen.",
                        "modification": "Keine Arbeit am Bauch und keine Lymphdrainage am Bauch.",
                    },
                    "fr": {
                        "name": "Grossesse, premier trimestre",
                        "reason": "Les sources divergent sur le massage au "
                        "premier trimestre ; les données d'essais "
                        "commencent à 12 semaines. Une règle de "
                        "l'établissement peut exiger un accord médical.",
                        "modification": "Pas de travail abdominal ni de drainage "
                        "lymphatique abdominal.",
                    },
                    "es": {
                        "name": "Embarazo, primer trimestre",
                        "reason": "Las fuentes discrepan sobre el masaje en el "
                        "primer trimestre; la evidencia de ensayos "
                        "empieza a las 12 semanas. Una política del "
                        "centro puede exigir autorización.",
                        "modification": "Sin trabajo abdominal ni drenaje linfático abdominal.",
                    },
                },
            },
            {
                "id": "pregnancy-positioning",
                "row": 31,
                "name": "Pregnancy from about 20 weeks",
                "when": {"pregnancy_weeks": {"min": 20}},
                "severity": "modify",
                "scope": "session",
                "credential": "prenatal",
                "avoid_positions": ["prone", "flat-supine"],
                "reason": "Lying flat on the back compresses the vena cava; prone on a flat table "
                "strains the abdomen.",
                "modification": "Side-lying or left-tilted supine; no prone on a flat table.",
                "sources": ["SALVO", "AWH", "HTO"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Schwangerschaft ab etwa der 20. Woche",
                        "reason": "Flache Rückenlage drückt auf die Vena cava; "
                        "Bauchlage auf einer flachen Liege belastet den "
                        "Bauch.",
                        "modification": "Seitenlage oder nach links geneigte "
                        "Rückenlage; keine Bauchlage auf einer "
                        "flachen Liege.",
                    },
                    "fr": {
                        "name": "Grossesse à partir d'environ 20 semaines",
                        "reason": "Allongée à plat sur le dos, la veine cave est "
                        "comprimée ; sur le ventre sur une table plate, "
                        "l'abdomen est sollicité.",
                        "modification": "Décubitus latéral ou dorsal incliné vers "
                        "la gauche ; pas de décubitus ventral sur "
                        "une table plate.",
                    },
                    "es": {
                        "name": "Embarazo a partir de unas 20 semanas",
                        "reason": "Tumbada boca arriba en plano se comprime la "
                        "vena cava; boca abajo en una camilla plana se "
                        "tensa el abdomen.",
                        "modification": "Decúbito lateral o supino inclinado a la "
                        "izquierda; no boca abajo en una camilla "
                        "plana.",
                    },
                },
            },
            {
                "id": "pregnancy-legs",
                "row": 32,
                "name": "Pregnancy: legs",
                "when": {"pregnant": True},
                "severity": "modify",
                "scope": "session",
                "regions": ["left-leg", "right-leg"],
                "max_pressure": 2,
                "remove_addon_properties": ["suction"],
                "credential": "prenatal",
                "reason": "Pregnancy raises the risk of clots in the legs.",
                "modification": "Gentle strokes only on the legs; watch for swelling, heat or "
                "pain on one side.",
                "sources": ["BMC", "MG", "STAG"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Schwangerschaft: Beine",
                        "reason": "Eine Schwangerschaft erhöht das Thromboserisiko in den Beinen.",
                        "modification": "An den Beinen nur sanfte Streichungen; "
                        "auf einseitige Schwellung, Überwärmung "
                        "oder Schmerzen achten.",
                    },
                    "fr": {
                        "name": "Grossesse : jambes",
                        "reason": "La grossesse augmente le risque de caillots dans les jambes.",
                        "modification": "Effleurages doux uniquement sur les "
                        "jambes ; surveiller un gonflement, une "
                        "chaleur ou une douleur d'un seul côté.",
                    },
                    "es": {
                        "name": "Embarazo: piernas",
                        "reason": "El embarazo aumenta el riesgo de coágulos en las piernas.",
                        "modification": "Solo maniobras suaves en las piernas; "
                        "vigilar hinchazón, calor o dolor en un "
                        "solo lado.",
                    },
                },
            },
            {
                "id": "pregnancy-high-risk",
                "row": 33,
                "name": "High-risk pregnancy",
                "when": {"high_risk_pregnancy": True},
                "severity": "clearance",
                "scope": "session",
                "credential": "prenatal",
                "reason": "A high-risk pregnancy needs a written release from the prenatal "
                "provider.",
                "modification": "Book once the prenatal provider's written release is on file.",
                "sources": ["NCCIH", "MISC"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Risikoschwangerschaft",
                        "reason": "Eine Risikoschwangerschaft erfordert eine "
                        "schriftliche Freigabe der betreuenden "
                        "Frauenärztin, des Frauenarztes oder der "
                        "Hebamme.",
                        "modification": "Erst buchen, wenn die schriftliche "
                        "Freigabe der Schwangerschaftsbetreuung "
                        "vorliegt.",
                    },
                    "fr": {
                        "name": "Grossesse à risque",
                        "reason": "Une grossesse à risque nécessite une "
                        "autorisation écrite du professionnel assurant "
                        "le suivi prénatal.",
                        "modification": "Réserver une fois l'autorisation écrite "
                        "du suivi prénatal au dossier.",
                    },
                    "es": {
                        "name": "Embarazo de alto riesgo",
                        "reason": "Un embarazo de alto riesgo requiere una "
                        "autorización por escrito del profesional que "
                        "lleva el control prenatal.",
                        "modification": "Reservar cuando conste la autorización "
                        "por escrito del control prenatal.",
                    },
                },
            },
            {
                "id": "preeclampsia",
                "row": 34,
                "name": "Pregnancy warning signs",
                "when": {"conditions": ["preeclampsia"]},
                "severity": "block",
                "scope": "session",
                "reason": "Signs of preeclampsia, bleeding, cramping, a fluid leak or reduced "
                "movement need the prenatal provider now.",
                "modification": "Postpone; refer to the prenatal provider.",
                "sources": ["STILL", "MTJp", "HTO"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Warnzeichen in der Schwangerschaft",
                        "reason": "Anzeichen einer Präeklampsie, Blutungen, "
                        "Krämpfe, Fruchtwasserabgang oder weniger "
                        "Kindsbewegungen erfordern sofort die "
                        "Schwangerschaftsbetreuung.",
                        "modification": "Verschieben; an die Schwangerschaftsbetreuung verweisen.",
                    },
                    "fr": {
                        "name": "Signes d'alerte pendant la grossesse",
                        "reason": "Des signes de prééclampsie, des saignements, "
                        "des crampes, une perte de liquide ou une "
                        "diminution des mouvements du bébé nécessitent "
                        "immédiatement le suivi prénatal.",
                        "modification": "Reporter ; orienter vers le "
                        "professionnel du suivi prénatal.",
                    },
                    "es": {
                        "name": "Señales de alarma en el embarazo",
                        "reason": "Los signos de preeclampsia, sangrado, "
                        "calambres, pérdida de líquido o menos "
                        "movimientos del bebé requieren de inmediato al "
                        "profesional del control prenatal.",
                        "modification": "Aplazar; derivar al profesional del control prenatal.",
                    },
                },
            },
            {
                "id": "pregnancy-oils",
                "row": 35,
                "name": "Pregnancy: essential oils",
                "when": {"pregnant": True},
                "severity": "modify",
                "scope": "addon",
                "addon_properties": ["essential-oil"],
                "reason": "About 50 essential oils are contraindicated in pregnancy.",
                "modification": "Pregnancy-safe oils only, at most 1 % dilution.",
                "sources": ["TY", "NAHA"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Schwangerschaft: ätherische Öle",
                        "reason": "Etwa 50 ätherische Öle sind in der "
                        "Schwangerschaft kontraindiziert.",
                        "modification": "Nur schwangerschaftsgeeignete Öle, "
                        "höchstens 1 % Verdünnung.",
                    },
                    "fr": {
                        "name": "Grossesse : huiles essentielles",
                        "reason": "Environ 50 huiles essentielles sont "
                        "contre-indiquées pendant la grossesse.",
                        "modification": "Uniquement des huiles compatibles avec "
                        "la grossesse, à 1 % de dilution au "
                        "maximum.",
                    },
                    "es": {
                        "name": "Embarazo: aceites esenciales",
                        "reason": "Unos 50 aceites esenciales están "
                        "contraindicados en el embarazo.",
                        "modification": "Solo aceites seguros en el embarazo, al "
                        "1 % de dilución como máximo.",
                    },
                },
            },
            {
                "id": "pregnancy-heat",
                "row": 36,
                "name": "Pregnancy: heat",
                "when": {"pregnant": True},
                "severity": "modify",
                "scope": "addon",
                "addon_properties": ["heat"],
                "reason": "Raising the core temperature is avoided in pregnancy; some sources "
                "exclude heat altogether.",
                "modification": "Mild warmth only, never hot, and no heat on the abdomen or the "
                "low back.",
                "sources": ["HS", "HTO"],
                "tier": "C",
                "translations": {
                    "de": {
                        "name": "Schwangerschaft: Wärme",
                        "reason": "Ein Anstieg der Körperkerntemperatur wird in "
                        "der Schwangerschaft vermieden; manche Quellen "
                        "schließen Wärme ganz aus.",
                        "modification": "Nur milde Wärme, nie heiß, und keine "
                        "Wärme am Bauch oder am unteren Rücken.",
                    },
                    "fr": {
                        "name": "Grossesse : chaleur",
                        "reason": "On évite d'élever la température centrale "
                        "pendant la grossesse ; certaines sources "
                        "excluent totalement la chaleur.",
                        "modification": "Chaleur douce uniquement, jamais chaude, "
                        "et pas de chaleur sur l'abdomen ni le "
                        "bas du dos.",
                    },
                    "es": {
                        "name": "Embarazo: calor",
                        "reason": "En el embarazo se evita elevar la temperatura "
                        "central; algunas fuentes excluyen el calor por "
                        "completo.",
                        "modification": "Solo calor suave, nunca caliente, y sin "
                        "calor en el abdomen ni en la zona "
                        "lumbar.",
                    },
                },
            },
            {
                "id": "pregnancy-cupping",
                "row": 37,
                "name": "Pregnancy: cupping",
                "when": {"pregnant": True},
                "severity": "modify",
                "scope": "addon",
                "addon_properties": ["suction"],
                "reason": "Suction on the abdomen or the low back is avoided in pregnancy; "
                "sources disagree on how far.",
                "modification": "No cups on the abdomen; on the low back lightly or not at all.",
                "sources": ["CUP"],
                "tier": "C",
                "translations": {
                    "de": {
                        "name": "Schwangerschaft: Schröpfen",
                        "reason": "Saugwirkung am Bauch oder am unteren Rücken "
                        "wird in der Schwangerschaft vermieden; die "
                        "Quellen sind sich über das Ausmaß uneinig.",
                        "modification": "Keine Schröpfgläser am Bauch; am unteren "
                        "Rücken nur leicht oder gar nicht.",
                    },
                    "fr": {
                        "name": "Grossesse : ventouses",
                        "reason": "La succion sur l'abdomen ou le bas du dos est "
                        "évitée pendant la grossesse ; les sources "
                        "divergent sur son étendue.",
                        "modification": "Pas de ventouses sur l'abdomen ; sur le "
                        "bas du dos, légèrement ou pas du tout.",
                    },
                    "es": {
                        "name": "Embarazo: ventosas",
                        "reason": "La succión en el abdomen o la zona lumbar se "
                        "evita en el embarazo; las fuentes discrepan "
                        "sobre hasta dónde.",
                        "modification": "Sin ventosas en el abdomen; en la zona "
                        "lumbar, suavemente o nada.",
                    },
                },
            },
            {
                "id": "pregnancy-cbd",
                "row": 38,
                "name": "Pregnancy or breastfeeding: CBD",
                "when": {"pregnant": True, "conditions": ["breastfeeding"], "match": "any"},
                "severity": "block",
                "scope": "addon",
                "addon_properties": ["cannabinoid"],
                "reason": "CBD is to be avoided in pregnancy and while breastfeeding.",
                "modification": "Leave out any cannabinoid product.",
                "sources": ["DRUGS"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Schwangerschaft oder Stillzeit: CBD",
                        "reason": "CBD ist in der Schwangerschaft und in der Stillzeit zu meiden.",
                        "modification": "Jedes Cannabinoid-Produkt weglassen.",
                    },
                    "fr": {
                        "name": "Grossesse ou allaitement : CBD",
                        "reason": "Le CBD est à éviter pendant la grossesse et l'allaitement.",
                        "modification": "Retirer tout produit à base de cannabinoïdes.",
                    },
                    "es": {
                        "name": "Embarazo o lactancia: CBD",
                        "reason": "El CBD debe evitarse en el embarazo y durante la lactancia.",
                        "modification": "Omitir cualquier producto con cannabinoides.",
                    },
                },
            },
            {
                "id": "cbd-interactions",
                "row": 39,
                "name": "CBD with blood thinners or CYP-cleared drugs",
                "when": {"medications": ["anticoagulant", "antiplatelet", "cyp-interacting"]},
                "severity": "clearance",
                "scope": "addon",
                "addon_properties": ["cannabinoid"],
                "reason": "Oral CBD raises warfarin levels and those of other drugs cleared by "
                "CYP2C9, 2C19 and 3A4; topical exposure is unquantified.",
                "modification": "Leave out the cannabinoid product, or book it once the physician "
                "approves.",
                "sources": ["CBDi", "ABMPc"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "CBD mit Blutverdünnern oder über CYP abgebauten Arzneimitteln",
                        "reason": "Oral eingenommenes CBD erhöht den "
                        "Warfarinspiegel und den anderer über CYP2C9, "
                        "2C19 und 3A4 abgebauter Arzneimittel; die "
                        "Aufnahme über die Haut ist nicht "
                        "quantifiziert.",
                        "modification": "Das Cannabinoid-Produkt weglassen oder "
                        "erst buchen, wenn der Arzt es freigibt.",
                    },
                    "fr": {
                        "name": "CBD avec anticoagulants ou médicaments métabolisés par les CYP",
                        "reason": "Le CBD par voie orale augmente les taux de "
                        "warfarine et d'autres médicaments métabolisés "
                        "par les CYP2C9, 2C19 et 3A4 ; l'exposition par "
                        "voie cutanée n'est pas quantifiée.",
                        "modification": "Retirer le produit à base de "
                        "cannabinoïdes, ou le réserver une fois "
                        "l'accord du médecin obtenu.",
                    },
                    "es": {
                        "name": "CBD con anticoagulantes o fármacos metabolizados por CYP",
                        "reason": "El CBD oral eleva los niveles de warfarina y "
                        "de otros fármacos metabolizados por CYP2C9, "
                        "2C19 y 3A4; la exposición tópica no está "
                        "cuantificada.",
                        "modification": "Omitir el producto con cannabinoides, o "
                        "reservarlo cuando el médico lo "
                        "apruebe.",
                    },
                },
            },
            {
                "id": "tree-nut-allergy",
                "row": 40,
                "name": "Tree-nut allergy",
                "when": {"allergies": ["tree-nut"]},
                "severity": "modify",
                "scope": "session",
                "reason": "Many massage oils and lotions are nut-based (sweet almond, macadamia, "
                "kukui, shea).",
                "modification": "Use a nut-free lubricant; check every label.",
                "sources": ["MMnut"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Schalenfruchtallergie",
                        "reason": "Viele Massageöle und -lotionen basieren auf "
                        "Nüssen (Süßmandel, Macadamia, Kukui, "
                        "Sheabutter).",
                        "modification": "Ein nussfreies Gleitmittel verwenden; "
                        "jedes Etikett prüfen.",
                    },
                    "fr": {
                        "name": "Allergie aux fruits à coque",
                        "reason": "De nombreuses huiles et lotions de massage "
                        "sont à base de noix (amande douce, macadamia, "
                        "kukui, karité).",
                        "modification": "Utiliser un lubrifiant sans fruits à "
                        "coque ; vérifier chaque étiquette.",
                    },
                    "es": {
                        "name": "Alergia a los frutos secos",
                        "reason": "Muchos aceites y lociones de masaje son a base "
                        "de frutos secos (almendra dulce, macadamia, "
                        "kukui, karité).",
                        "modification": "Usar un lubricante sin frutos secos; "
                        "revisar cada etiqueta.",
                    },
                },
            },
            {
                "id": "tree-nut-allergy-oils",
                "row": 40,
                "name": "Tree-nut allergy: nut oils",
                "when": {"allergies": ["tree-nut"]},
                "severity": "block",
                "scope": "addon",
                "addon_properties": ["nut-oil"],
                "reason": "A nut-oil add-on could cause an allergic reaction.",
                "sources": ["MMnut"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Schalenfruchtallergie: Nussöle",
                        "reason": "Ein Extra mit Nussöl könnte eine allergische "
                        "Reaktion auslösen.",
                    },
                    "fr": {
                        "name": "Allergie aux fruits à coque : huiles de noix",
                        "reason": "Un supplément à l'huile de noix pourrait "
                        "provoquer une réaction allergique.",
                    },
                    "es": {
                        "name": "Alergia a los frutos secos: aceites de frutos secos",
                        "reason": "Un complemento con aceite de frutos secos "
                        "podría provocar una reacción alérgica.",
                    },
                },
            },
            {
                "id": "essential-oil-sensitivity",
                "row": 41,
                "name": "Essential-oil sensitivity",
                "when": {"allergies": ["essential-oil"]},
                "severity": "block",
                "scope": "addon",
                "addon_properties": ["essential-oil"],
                "reason": "The client reacts to essential oils.",
                "modification": "Leave out any essential oils.",
                "sources": ["TY"],
                "tier": "A",
                "translations": {
                    "de": {
                        "name": "Empfindlichkeit gegen ätherische Öle",
                        "reason": "Die Person reagiert auf ätherische Öle.",
                        "modification": "Ätherische Öle ganz weglassen.",
                    },
                    "fr": {
                        "name": "Sensibilité aux huiles essentielles",
                        "reason": "Le client réagit aux huiles essentielles.",
                        "modification": "Retirer toute huile essentielle.",
                    },
                    "es": {
                        "name": "Sensibilidad a los aceites esenciales",
                        "reason": "El cliente reacciona a los aceites esenciales.",
                        "modification": "Omitir cualquier aceite esencial.",
                    },
                },
            },
            {
                "id": "pain-medication",
                "row": 42,
                "name": "Pain relievers or muscle relaxants",
                "when": {"medications": ["analgesic", "muscle-relaxant", "nsaid"]},
                "severity": "modify",
                "scope": "session",
                "max_pressure": 3,
                "reason": "Medication masks pain, so the client cannot tell when pressure is too "
                "much.",
                "modification": "Lighter pressure; check in often.",
                "sources": ["OEP"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Schmerzmittel oder Muskelrelaxanzien",
                        "reason": "Medikamente überdecken Schmerz, sodass die "
                        "Person nicht merkt, wann der Druck zu stark "
                        "ist.",
                        "modification": "Leichterer Druck; häufig nachfragen.",
                    },
                    "fr": {
                        "name": "Antalgiques ou myorelaxants",
                        "reason": "Les médicaments masquent la douleur : le "
                        "client ne sent pas quand la pression est trop "
                        "forte.",
                        "modification": "Pression plus légère ; demander souvent le ressenti.",
                    },
                    "es": {
                        "name": "Analgésicos o relajantes musculares",
                        "reason": "La medicación enmascara el dolor, así que el "
                        "cliente no nota cuándo la presión es excesiva.",
                        "modification": "Presión más ligera; preguntar a menudo.",
                    },
                },
            },
            {
                "id": "corticosteroids",
                "row": 43,
                "name": "Long-term corticosteroids",
                "when": {"medications": ["corticosteroid"]},
                "severity": "modify",
                "scope": "session",
                "max_pressure": 2,
                "reason": "Long-term steroids make tissue and bone fragile.",
                "modification": "Reduced pressure.",
                "sources": ["OEP"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Langzeitkortikosteroide",
                        "reason": "Langzeitsteroide machen Gewebe und Knochen brüchig.",
                        "modification": "Verringerter Druck.",
                    },
                    "fr": {
                        "name": "Corticoïdes au long cours",
                        "reason": "Les corticoïdes au long cours fragilisent les "
                        "tissus et les os.",
                        "modification": "Pression réduite.",
                    },
                    "es": {
                        "name": "Corticoides a largo plazo",
                        "reason": "Los corticoides a largo plazo debilitan tejidos y huesos.",
                        "modification": "Presión reducida.",
                    },
                },
            },
            {
                "id": "unexplained-lump",
                "row": 44,
                "name": "Unexplained pain or lump",
                "when": {"conditions": ["unexplained-lump"]},
                "severity": "clearance",
                "scope": "session",
                "reason": "An undiagnosed lump or pain needs a diagnosis.",
                "modification": "Refer; avoid the area.",
                "sources": ["NCCIH", "MISC"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Ungeklärte Schmerzen oder Knoten",
                        "reason": "Ein nicht diagnostizierter Knoten oder Schmerz "
                        "muss abgeklärt werden.",
                        "modification": "Überweisen; den Bereich aussparen.",
                    },
                    "fr": {
                        "name": "Douleur ou grosseur inexpliquée",
                        "reason": "Une grosseur ou une douleur non diagnostiquée "
                        "doit être diagnostiquée.",
                        "modification": "Orienter vers un médecin ; éviter la zone.",
                    },
                    "es": {
                        "name": "Dolor o bulto sin explicación",
                        "reason": "Un bulto o dolor sin diagnosticar necesita un diagnóstico.",
                        "modification": "Derivar; evitar la zona.",
                    },
                },
            },
            {
                "id": "unexplained-lump-area",
                "row": 44,
                "name": "Unexplained lump: the area",
                "when": {"conditions": ["unexplained-lump"]},
                "severity": "local",
                "scope": "region",
                "reason": "Do not work on an undiagnosed lump.",
                "modification": "Avoid the area.",
                "sources": ["NCCIH"],
                "tier": "B",
                "translations": {
                    "de": {
                        "name": "Ungeklärter Knoten: der Bereich",
                        "reason": "Nicht an einem nicht diagnostizierten Knoten arbeiten.",
                        "modification": "Den Bereich aussparen.",
                    },
                    "fr": {
                        "name": "Grosseur inexpliquée : la zone",
                        "reason": "Ne pas travailler sur une grosseur non diagnostiquée.",
                        "modification": "Éviter la zone.",
                    },
                    "es": {
                        "name": "Bulto sin explicación: la zona",
                        "reason": "No trabajar sobre un bulto sin diagnosticar.",
                        "modification": "Evitar la zona.",
                    },
                },
            },
            {
                "id": "intoxication",
                "row": 45,
                "name": "Under the influence",
                "when": {"conditions": ["intoxication"]},
                "severity": "block",
                "scope": "session",
                "reason": "A client under the influence cannot give feedback or consent.",
                "modification": "Do not treat.",
                "sources": ["MISC"],
                "tier": "C",
                "translations": {
                    "de": {
                        "name": "Unter Alkohol- oder Drogeneinfluss",
                        "reason": "Eine Person unter Alkohol- oder Drogeneinfluss "
                        "kann weder Rückmeldung geben noch einwilligen.",
                        "modification": "Nicht behandeln.",
                    },
                    "fr": {
                        "name": "Sous l'emprise de l'alcool ou de drogues",
                        "reason": "Un client sous l'emprise de l'alcool ou de "
                        "drogues ne peut ni donner de retour ni "
                        "consentir.",
                        "modification": "Ne pas traiter.",
                    },
                    "es": {
                        "name": "Bajo los efectos del alcohol o las drogas",
                        "reason": "Un cliente bajo los efectos del alcohol o las "
                        "drogas no puede dar su opinión ni su "
                        "consentimiento.",
                        "modification": "No tratar.",
                    },
                },
            },
            {
                "id": "pacemaker",
                "row": 46,
                "name": "Pacemaker or implanted device",
                "when": {"conditions": ["pacemaker"]},
                "severity": "local",
                "scope": "addon",
                "addon_properties": ["suction"],
                "regions": ["chest"],
                "reason": "No cups over the device.",
                "modification": "No cupping near the device.",
                "sources": ["CUP"],
                "tier": "C",
                "translations": {
                    "de": {
                        "name": "Herzschrittmacher oder implantiertes Gerät",
                        "reason": "Keine Schröpfgläser über dem Gerät.",
                        "modification": "Kein Schröpfen in der Nähe des Geräts.",
                    },
                    "fr": {
                        "name": "Stimulateur cardiaque ou dispositif implanté",
                        "reason": "Pas de ventouses sur le dispositif.",
                        "modification": "Pas de ventouses à proximité du dispositif.",
                    },
                    "es": {
                        "name": "Marcapasos o dispositivo implantado",
                        "reason": "Sin ventosas sobre el dispositivo.",
                        "modification": "Sin ventosas cerca del dispositivo.",
                    },
                },
            },
            {
                "id": "recent-stroke",
                "row": 47,
                "name": "Recent stroke or cardiac arrest",
                "when": {"conditions": ["recent-stroke"]},
                "severity": "clearance",
                "scope": "session",
                "reason": "Within six months of a stroke, TIA or cardiac arrest massage needs "
                "clearance.",
                "modification": "Book once the physician's clearance is on file.",
                "sources": ["CUP", "MISC"],
                "tier": "C",
                "translations": {
                    "de": {
                        "name": "Kürzlicher Schlaganfall oder Herzstillstand",
                        "reason": "Innerhalb von sechs Monaten nach einem "
                        "Schlaganfall, einer TIA oder einem "
                        "Herzstillstand erfordert Massage eine "
                        "Freigabe.",
                        "modification": "Erst buchen, wenn die Freigabe des Arztes vorliegt.",
                    },
                    "fr": {
                        "name": "AVC ou arrêt cardiaque récent",
                        "reason": "Dans les six mois qui suivent un AVC, un AIT "
                        "ou un arrêt cardiaque, le massage nécessite un "
                        "accord médical.",
                        "modification": "Réserver une fois l'accord du médecin au dossier.",
                    },
                    "es": {
                        "name": "Ictus o paro cardíaco reciente",
                        "reason": "En los seis meses posteriores a un ictus, un "
                        "AIT o un paro cardíaco, el masaje requiere "
                        "autorización.",
                        "modification": "Reservar cuando conste la autorización del médico.",
                    },
                },
            },
            {
                "id": "recent-stroke-cupping",
                "row": 47,
                "name": "Recent stroke: cupping",
                "when": {"conditions": ["recent-stroke"]},
                "severity": "block",
                "scope": "addon",
                "addon_properties": ["suction"],
                "reason": "No cupping within six months of a stroke or cardiac arrest.",
                "sources": ["CUP"],
                "tier": "C",
                "translations": {
                    "de": {
                        "name": "Kürzlicher Schlaganfall: Schröpfen",
                        "reason": "Kein Schröpfen innerhalb von sechs Monaten "
                        "nach einem Schlaganfall oder Herzstillstand.",
                    },
                    "fr": {
                        "name": "AVC récent : ventouses",
                        "reason": "Pas de ventouses dans les six mois qui suivent "
                        "un AVC ou un arrêt cardiaque.",
                    },
                    "es": {
                        "name": "Ictus reciente: ventosas",
                        "reason": "Sin ventosas en los seis meses posteriores a "
                        "un ictus o un paro cardíaco.",
                    },
                },
            },
            {
                "id": "neck-drainage",
                "row": 48,
                "name": "Thyroid, carotid sinus or arrhythmia: neck",
                "when": {"conditions": ["hyperthyroidism", "carotid-sinus", "arrhythmia"]},
                "severity": "local",
                "scope": "region",
                "regions": ["neck"],
                "modality_properties": ["lymphatic-drainage"],
                "reason": "No lymphatic drainage on the neck.",
                "modification": "Leave out cervical lymphatic drainage.",
                "sources": ["MGMM"],
                "tier": "C",
                "translations": {
                    "de": {
                        "name": "Schilddrüse, Karotissinus oder Herzrhythmusstörung: Hals",
                        "reason": "Keine Lymphdrainage am Hals.",
                        "modification": "Die Lymphdrainage am Hals weglassen.",
                    },
                    "fr": {
                        "name": "Thyroïde, sinus carotidien ou arythmie : cou",
                        "reason": "Pas de drainage lymphatique sur le cou.",
                        "modification": "Retirer le drainage lymphatique cervical.",
                    },
                    "es": {
                        "name": "Tiroides, seno carotídeo o arritmia: cuello",
                        "reason": "Sin drenaje linfático en el cuello.",
                        "modification": "Omitir el drenaje linfático cervical.",
                    },
                },
            },
            {
                "id": "physician-approval",
                "name": "Under a doctor's care: specialty work",
                "when": {"under_physician_care": True},
                "severity": "clearance",
                "scope": "service",
                "specialty": True,
                "reason": "While under a doctor's care, specialty work (lymphatic drainage, "
                "prenatal, oncology) needs the doctor's approval.",
                "modification": "Book this work once the doctor's approval is on file.",
                "sources": ["SEED"],
                "tier": "C",
                "translations": {
                    "de": {
                        "name": "In ärztlicher Behandlung: Spezialbehandlungen",
                        "reason": "Während einer ärztlichen Behandlung erfordern "
                        "Spezialbehandlungen (Lymphdrainage, "
                        "Schwangerschaftsmassage, onkologische Massage) "
                        "die Freigabe des Arztes.",
                        "modification": "Diese Behandlung erst buchen, wenn die "
                        "Freigabe des Arztes vorliegt.",
                    },
                    "fr": {
                        "name": "Suivi médical en cours : soins spécialisés",
                        "reason": "Pendant un suivi médical, les soins "
                        "spécialisés (drainage lymphatique, massage "
                        "prénatal, oncologie) nécessitent l'accord du "
                        "médecin.",
                        "modification": "Réserver ce soin une fois l'accord du "
                        "médecin au dossier.",
                    },
                    "es": {
                        "name": "Bajo tratamiento médico: trabajo especializado",
                        "reason": "Durante un tratamiento médico, el trabajo "
                        "especializado (drenaje linfático, prenatal, "
                        "oncológico) requiere la aprobación del médico.",
                        "modification": "Reservar este trabajo cuando conste la "
                        "aprobación del médico.",
                    },
                },
            },
        ]
    }


def _sources() -> dict[str, Any]:
    return {
        "W": {
            "tier": "A",
            "citation": "Werner & Benjamin, A Massage Therapist's Guide to Pathology (1998) "
            "quick-ref chart excerpt: "
            "somatics.de/PathologyBook/{Thrombophlebitis,Varicose,Hypertension,Osteoporosis,Fractures,Burns}.htm",
        },
        "NCCIH": {
            "tier": "A",
            "citation": 'NCCIH "Massage Therapy: What you need to know" safety text (mirrored '
            "at massage.megatopx.com/article002_pg2.html; also quoted at "
            "livih.com, spencermassage.com)",
        },
        "OEP": {
            "tier": "B",
            "citation": "open-exam-prep.com/exams/mblex/pathology-contraindications/contraindications-medications "
            "(MBLEx study guide)",
        },
        "ABMPo": {
            "tier": "A",
            "citation": 'Werner, "No Bones About It" (osteoporosis) '
            "abmp.com/textonlymags/article.php?article=2728",
        },
        "ABMPf": {
            "tier": "A",
            "citation": 'Werner, "Working with Invisible Pain" (fibromyalgia) '
            "abmp.com/textonlymags/article.php?article=2546",
        },
        "ABMPd": {
            "tier": "A",
            "citation": 'Werner, "Diabetes Complications" '
            "abmp.com/textonlymags/article.php?article=2675",
        },
        "ABMPr": {
            "tier": "A",
            "citation": 'Werner, "Renal Failure, Dialysis, and Kidney Transplants" '
            "abmp.com/textonlymags/article.php?article=2703",
        },
        "ABMPs": {
            "tier": "A",
            "citation": "ABMP podcast ep 113 Seizures and Action Plans (Werner)",
        },
        "ABMPc": {
            "tier": "A",
            "citation": 'ABMP "CBD and Massage" abmp.com/textonlymags/article.php?article=2097',
        },
        "AMTAf": {
            "tier": "A",
            "citation": 'AMTA MTJ "Massage and Fibromyalgia: The Right Touch" (2015)',
        },
        "TW": {
            "tier": "A",
            "citation": "Walton, Medical Conditions and Massage Therapy: A Decision Tree Approach "
            '(LWW) excerpt pubhtml5.com/ylgr/lhcc/basic/401-445; AMTA MTJ "Clinical '
            'Thinking and Cancer"; tracywalton.com pressure scale (free reprint with '
            "credit)",
        },
        "MMW": {
            "tier": "B",
            "citation": 'Walton, MassageMag "gentle pressure oncology massage" '
            "massagemag.com/gentle-pressure-oncology-massage-28781/",
        },
        "NHS": {
            "tier": "C",
            "citation": "nordichousespa.com/post/pressure-in-oncology-massage (summarises Walton "
            "scale level 0)",
        },
        "ABT": {
            "tier": "C",
            "citation": "anitaburnsmassagetherapy.com.au/?p=2511 (positioning per Walton 2010: "
            "ports, radiation areas)",
        },
        "S4OM": {
            "tier": "A",
            "citation": "s4om.org (Preferred Practitioner, education standards, directory "
            "guidelines)",
        },
        "HUNT": {
            "tier": "A",
            "citation": "Huntsman Cancer Institute bleeding/low platelets patient page "
            "(healthcare.utah.edu ... /bleeding.php)",
        },
        "MAYO": {
            "tier": "A",
            "citation": "Mayo Clinic lymphedema prevention text (mirrored "
            "mymosaiclifecare.org/.../lymphedema2/)",
        },
        "LTS": {
            "tier": "B",
            "citation": "ltstherapy.com blog (CLT; cites Foldi textbook) MLD/CDT "
            "contraindications",
        },
        "MGMM": {
            "tier": "C",
            "citation": "middlegeorgiamedicalmassage.com/manual-lymphatic-drainage-contraindications",
        },
        "MG": {
            "tier": "A",
            "citation": "Mueller & Grunwald 2021, J Clin Med 10:3485, PMC8396946 (pregnancy "
            "massage systematic review)",
        },
        "BMC": {
            "tier": "A",
            "citation": "Case report: leg massage in pregnancy with unrecognised DVT -> fatal "
            "PE, BMC Pregnancy Childbirth 2020, doi 10.1186/s12884-020-02924-w",
        },
        "STAG": {
            "tier": "B",
            "citation": "Leslie Stager (author, Nurturing Massage for Pregnancy) "
            "lesliestager.com/blood-clots-during-pregnancy-postpartum",
        },
        "SALVO": {
            "tier": "B",
            "citation": "massagepassport.wordpress.com (Susan Salvo) pregnancy part 2 (supine "
            "hypotension ~wk 22, preeclampsia)",
        },
        "AWH": {
            "tier": "B",
            "citation": "AWHONN-reviewed early-pregnancy massage page (huggies.com) - avoid flat "
            "supine after 22 wks",
        },
        "STILL": {
            "tier": "B",
            "citation": 'Stillerman, Massage Today 2009 "Prenatal Massage and Pre-Treatment '
            'Evaluations" massagetoday.com/mpacms/mt/article.php?id=13955',
        },
        "MTJp": {
            "tier": "C",
            "citation": "therapeuticmassageandskincarecenter.com (quotes Massage Therapy "
            "Journal: postpone for bleeding, preeclampsia, placental abnormality)",
        },
        "HTO": {
            "tier": "C",
            "citation": "headtotoeoasis.org stop/go pregnancy list (conflicts on placenta previa)",
        },
        "TY": {
            "tier": "A",
            "citation": "Tisserand & Young, Essential Oil Safety 2e, as cited by "
            "certified-aromatherapist.com/essential-oil-safety (p134 convulsant oils; "
            "p152-156 pregnancy; p658 hypertension) and essenceofhealthmt.com (p659 "
            "phototoxicity)",
        },
        "NAHA": {
            "tier": "B",
            "citation": "NAHA pregnancy safety quote "
            "(rv-aromatherapy.ca/pages/when-not-to-use-essential-oils)",
        },
        "MMnut": {
            "tier": "B",
            "citation": "massagemag.com/watch-for-nut-allergies-among-clients-4844/",
        },
        "CBDi": {
            "tier": "A",
            "citation": "Brown & Winterstein 2019 J Clin Med PMC6678684; Cortopassi 2020 AJHP "
            "77:1846 (warfarin + CBD)",
        },
        "DRUGS": {
            "tier": "A",
            "citation": "drugs.com/npp/cannabidiol.html (pregnancy/lactation: avoid)",
        },
        "HS": {
            "tier": "C",
            "citation": "vulsini.com hot-stone contraindications; innersoul.co.za; spavelous.com",
        },
        "CUP": {
            "tier": "C",
            "citation": "my.ucolearning.com cupping course; globalcupping.com; "
            "cupandrelease.com; acaacupuncture.com; massagecupping.com (ACE) parking "
            "<=3 min",
        },
        "CMTO": {
            "tier": "B",
            "citation": "massagetherapyreference.com/massage-health-history-form-questions/ "
            "(minimum health-history items)",
        },
        "MISC": {
            "tier": "C",
            "citation": "ascensionselfcare.com; the-magical-hands.com; 222health.com; "
            "ceinstitute.com; joyfulrisingspa.com; massagetherapy.tv (Schleip "
            "site)",
        },
        "SEED": {
            "tier": "C",
            "citation": "Therapeutic massage (the clinic copy servicekit started from): while "
            "under a doctor's care, seek their approval for lymphatic drainage, "
            "prenatal or oncology massage, and a properly trained LMT.",
        },
    }


def _vocabulary() -> dict[str, Any]:
    return {
        "conditions": {
            "dvt": {
                "name": "Deep vein thrombosis or thrombophlebitis, active or suspected",
                "icd10": "I82.40",
                "synonyms": ["deep vein thrombosis", "thrombophlebitis", "phlebitis"],
                "sources": ["W", "NCCIH"],
                "translations": {
                    "de": {
                        "name": "Tiefe Venenthrombose oder Thrombophlebitis, akut oder vermutet"
                    },
                    "fr": {
                        "name": "Thrombose veineuse profonde ou "
                        "thrombophlébite, avérée ou "
                        "suspectée"
                    },
                    "es": {
                        "name": "Trombosis venosa profunda o tromboflebitis, activa o sospechada"
                    },
                },
            },
            "dvt-history": {
                "name": "History of deep vein thrombosis, or a clot being treated",
                "icd10": "Z86.718",
                "synonyms": ["history of dvt", "past dvt", "treated clot"],
                "sources": ["MMW", "STAG"],
                "translations": {
                    "de": {
                        "name": "Tiefe Venenthrombose in der "
                        "Vorgeschichte oder ein "
                        "Gerinnsel in Behandlung"
                    },
                    "fr": {
                        "name": "Antécédent de thrombose "
                        "veineuse profonde, ou "
                        "caillot en cours de "
                        "traitement"
                    },
                    "es": {
                        "name": "Antecedentes de trombosis "
                        "venosa profunda, o un "
                        "coágulo en tratamiento"
                    },
                },
            },
            "bleeding-disorder": {
                "name": "Bleeding disorder or low platelets",
                "icd10": "D68.9",
                "synonyms": ["thrombocytopenia", "low platelets"],
                "sources": ["NCCIH", "HUNT"],
                "translations": {
                    "de": {"name": "Blutgerinnungsstörung oder niedrige Thrombozytenzahl"},
                    "fr": {"name": "Trouble de la coagulation ou plaquettes basses"},
                    "es": {"name": "Trastorno de la coagulación o plaquetas bajas"},
                },
            },
            "fever": {
                "name": "Fever or acute infection, including a cold or flu",
                "icd10": "R50.9",
                "synonyms": ["acute infection", "flu", "cold"],
                "sources": ["OEP", "LTS"],
                "translations": {
                    "de": {"name": "Fieber oder akute Infektion, auch Erkältung oder Grippe"},
                    "fr": {"name": "Fièvre ou infection aiguë, y compris rhume ou grippe"},
                    "es": {"name": "Fiebre o infección aguda, incluidos resfriado o gripe"},
                },
            },
            "contagious-skin": {
                "name": "Contagious skin condition: fungal infection, "
                "impetigo, active herpes, shingles, scabies",
                "synonyms": [
                    "fungal infection",
                    "impetigo",
                    "active herpes",
                    "shingles",
                    "scabies",
                ],
                "sources": ["OEP", "CMTO"],
                "translations": {
                    "de": {
                        "name": "Ansteckende "
                        "Hauterkrankung: "
                        "Pilzinfektion, Impetigo, "
                        "aktiver Herpes, "
                        "Gürtelrose, Krätze"
                    },
                    "fr": {
                        "name": "Affection cutanée "
                        "contagieuse : mycose, "
                        "impétigo, herpès actif, "
                        "zona, gale"
                    },
                    "es": {
                        "name": "Afección cutánea "
                        "contagiosa: micosis, "
                        "impétigo, herpes activo, "
                        "herpes zóster, sarna"
                    },
                },
            },
            "contagious-skin-widespread": {
                "name": "Contagious skin condition over a large area",
                "translations": {
                    "de": {"name": "Ansteckende Hauterkrankung auf großer Fläche"},
                    "fr": {"name": "Affection cutanée contagieuse étendue"},
                    "es": {"name": "Afección cutánea contagiosa extensa"},
                },
            },
            "open-wound": {
                "name": "Open wound, skin lesion or recent burn",
                "synonyms": ["skin lesion", "recent burn"],
                "sources": ["NCCIH", "W"],
                "translations": {
                    "de": {"name": "Offene Wunde, Hautläsion oder frische Verbrennung"},
                    "fr": {"name": "Plaie ouverte, lésion cutanée ou brûlure récente"},
                    "es": {"name": "Herida abierta, lesión cutánea o quemadura reciente"},
                },
            },
            "sunburn": {
                "name": "Sunburn",
                "icd10": "L55.9",
                "translations": {
                    "de": {"name": "Sonnenbrand"},
                    "fr": {"name": "Coup de soleil"},
                    "es": {"name": "Quemadura solar"},
                },
            },
            "recent-surgery": {
                "name": "Surgery in the last months (give its date and "
                "region under [[surgeries]])",
                "synonyms": ["surgery"],
                "sources": ["NCCIH"],
                "translations": {
                    "de": {
                        "name": "Operation in den letzten "
                        "Monaten (Datum und Stelle "
                        "unter [[surgeries]] "
                        "angeben)"
                    },
                    "fr": {
                        "name": "Opération au cours des "
                        "derniers mois (indiquer "
                        "sa date et sa région sous "
                        "[[surgeries]])"
                    },
                    "es": {
                        "name": "Cirugía en los últimos "
                        "meses (indique su fecha y "
                        "zona en [[surgeries]])"
                    },
                },
            },
            "fracture": {
                "name": "Recent fracture, sprain, strain or bruise",
                "synonyms": ["sprain", "strain", "contusion", "bruise"],
                "sources": ["W", "NCCIH"],
                "translations": {
                    "de": {"name": "Kürzlicher Knochenbruch, Verstauchung, Zerrung oder Prellung"},
                    "fr": {"name": "Fracture, entorse, élongation ou contusion récente"},
                    "es": {"name": "Fractura, esguince, distensión o contusión reciente"},
                },
            },
            "inflammation-flare": {
                "name": "Acute inflammation or autoimmune flare (rheumatoid arthritis, lupus)",
                "synonyms": ["autoimmune flare", "rheumatoid arthritis flare", "lupus flare"],
                "sources": ["MISC"],
                "translations": {
                    "de": {
                        "name": "Akute Entzündung oder "
                        "Autoimmunschub "
                        "(rheumatoide "
                        "Arthritis, Lupus)"
                    },
                    "fr": {
                        "name": "Inflammation aiguë ou "
                        "poussée auto-immune "
                        "(polyarthrite "
                        "rhumatoïde, lupus)"
                    },
                    "es": {
                        "name": "Inflamación aguda o brote autoinmune (artritis reumatoide, lupus)"
                    },
                },
            },
            "varicose-veins": {
                "name": "Varicose veins",
                "icd10": "I83.90",
                "synonyms": ["varicosities"],
                "sources": ["W"],
                "translations": {
                    "de": {"name": "Krampfadern"},
                    "fr": {"name": "Varices"},
                    "es": {"name": "Varices"},
                },
            },
            "osteoporosis": {
                "name": "Osteoporosis or osteopenia",
                "icd10": "M81.0",
                "synonyms": ["osteopenia"],
                "sources": ["W", "ABMPo"],
                "translations": {
                    "de": {"name": "Osteoporose oder Osteopenie"},
                    "fr": {"name": "Ostéoporose ou ostéopénie"},
                    "es": {"name": "Osteoporosis u osteopenia"},
                },
            },
            "cancer-active-treatment": {
                "name": "Cancer under active treatment",
                "synonyms": ["chemotherapy", "chemo", "cancer treatment"],
                "sources": ["NCCIH", "S4OM"],
                "translations": {
                    "de": {"name": "Krebs in aktiver Behandlung"},
                    "fr": {"name": "Cancer en cours de traitement"},
                    "es": {"name": "Cáncer en tratamiento activo"},
                },
            },
            "cancer-history": {
                "name": "Cancer in the past, treatment finished",
                "icd10": "Z85.9",
                "synonyms": [
                    "cancer survivor",
                    "history of cancer",
                    "past cancer",
                    "cancer in remission",
                ],
                "sources": ["TW", "MMW"],
                "translations": {
                    "de": {"name": "Krebs in der Vorgeschichte, Behandlung abgeschlossen"},
                    "fr": {"name": "Antécédent de cancer, traitement terminé"},
                    "es": {"name": "Cáncer en el pasado, tratamiento finalizado"},
                },
            },
            "tumor-site": {
                "name": "Solid tumour in a known place",
                "translations": {
                    "de": {"name": "Solider Tumor an bekannter Stelle"},
                    "fr": {"name": "Tumeur solide à un emplacement connu"},
                    "es": {"name": "Tumor sólido en una localización conocida"},
                },
            },
            "unknown-primary": {
                "name": "Cancer of unknown primary site",
                "icd10": "C80.1",
                "translations": {
                    "de": {"name": "Krebs mit unbekanntem Primärtumor"},
                    "fr": {"name": "Cancer de site primitif inconnu"},
                    "es": {"name": "Cáncer de origen primario desconocido"},
                },
            },
            "bone-metastasis": {
                "name": "Bone metastasis",
                "icd10": "C79.51",
                "synonyms": ["bone metastases"],
                "sources": ["TW"],
                "translations": {
                    "de": {"name": "Knochenmetastasen"},
                    "fr": {"name": "Métastases osseuses"},
                    "es": {"name": "Metástasis óseas"},
                },
            },
            "neutropenia": {
                "name": "Neutropenia or immunosuppression",
                "icd10": "D70.9",
                "synonyms": ["immunosuppression"],
                "sources": ["NHS"],
                "translations": {
                    "de": {"name": "Neutropenie oder Immunsuppression"},
                    "fr": {"name": "Neutropénie ou immunosuppression"},
                    "es": {"name": "Neutropenia o inmunosupresión"},
                },
            },
            "port-or-picc": {
                "name": "Implanted port or PICC line",
                "synonyms": ["port", "picc line"],
                "sources": ["ABT", "TW"],
                "translations": {
                    "de": {"name": "Implantierter Port oder PICC-Katheter"},
                    "fr": {"name": "Chambre implantable ou cathéter PICC"},
                    "es": {"name": "Reservorio implantado (port) o catéter PICC"},
                },
            },
            "radiation-field": {
                "name": "Skin in a current or recent radiation field",
                "translations": {
                    "de": {"name": "Haut in einem aktuellen oder kürzlichen Bestrahlungsfeld"},
                    "fr": {"name": "Peau dans un champ d'irradiation actuel ou récent"},
                    "es": {"name": "Piel en un campo de radiación actual o reciente"},
                },
            },
            "lymphedema": {
                "name": "Lymphedema, diagnosed",
                "icd10": "I89.0",
                "synonyms": ["lymphoedema"],
                "sources": ["MMW", "MAYO"],
                "translations": {
                    "de": {"name": "Lymphödem, diagnostiziert"},
                    "fr": {"name": "Lymphœdème diagnostiqué"},
                    "es": {"name": "Linfedema diagnosticado"},
                },
            },
            "lymph-nodes-removed": {
                "name": "Lymph nodes removed or irradiated (at risk of lymphedema)",
                "synonyms": ["lymph node removal", "lymph nodes irradiated"],
                "sources": ["MMW", "MAYO"],
                "translations": {
                    "de": {"name": "Lymphknoten entfernt oder bestrahlt (Lymphödemrisiko)"},
                    "fr": {
                        "name": "Ganglions lymphatiques retirés ou irradiés (risque de lymphœdème)"
                    },
                    "es": {
                        "name": "Ganglios linfáticos extirpados o irradiados (riesgo de linfedema)"
                    },
                },
            },
            "edema-unknown-cause": {
                "name": "Swelling (oedema) of unknown cause",
                "icd10": "R60.9",
                "synonyms": ["oedema of unknown cause", "unexplained swelling"],
                "sources": ["MGMM", "LTS"],
                "translations": {
                    "de": {"name": "Schwellung (Ödem) unbekannter Ursache"},
                    "fr": {"name": "Gonflement (œdème) de cause inconnue"},
                    "es": {"name": "Hinchazón (edema) de causa desconocida"},
                },
            },
            "heart-failure": {
                "name": "Congestive heart failure",
                "icd10": "I50.9",
                "synonyms": ["congestive heart failure", "chf"],
                "sources": ["LTS", "MGMM"],
                "translations": {
                    "de": {"name": "Herzinsuffizienz"},
                    "fr": {"name": "Insuffisance cardiaque congestive"},
                    "es": {"name": "Insuficiencia cardíaca congestiva"},
                },
            },
            "heart-failure-uncontrolled": {
                "name": "Congestive heart failure, not controlled",
                "translations": {
                    "de": {"name": "Herzinsuffizienz, nicht eingestellt"},
                    "fr": {"name": "Insuffisance cardiaque congestive non contrôlée"},
                    "es": {"name": "Insuficiencia cardíaca congestiva no controlada"},
                },
            },
            "kidney-disease": {
                "name": "Chronic kidney disease or dialysis",
                "icd10": "N18.9",
                "synonyms": ["chronic kidney disease", "ckd", "dialysis"],
                "sources": ["ABMPr", "LTS"],
                "translations": {
                    "de": {"name": "Chronische Nierenerkrankung oder Dialyse"},
                    "fr": {"name": "Maladie rénale chronique ou dialyse"},
                    "es": {"name": "Enfermedad renal crónica o diálisis"},
                },
            },
            "hypertension": {
                "name": "High blood pressure, controlled with medication",
                "icd10": "I10",
                "translations": {
                    "de": {"name": "Bluthochdruck, medikamentös eingestellt"},
                    "fr": {"name": "Hypertension artérielle contrôlée par un traitement"},
                    "es": {"name": "Hipertensión arterial controlada con medicación"},
                },
            },
            "hypertension-uncontrolled": {
                "name": "High blood pressure, uncontrolled or severe",
                "synonyms": ["uncontrolled hypertension", "uncontrolled high blood pressure"],
                "sources": ["OEP"],
                "translations": {
                    "de": {"name": "Bluthochdruck, nicht eingestellt oder schwer"},
                    "fr": {"name": "Hypertension artérielle non contrôlée ou sévère"},
                    "es": {"name": "Hipertensión arterial no controlada o grave"},
                },
            },
            "diabetic-neuropathy": {
                "name": "Diabetes with peripheral neuropathy (numbness)",
                "icd10": "E11.42",
                "synonyms": ["diabetic peripheral neuropathy"],
                "sources": ["ABMPd"],
                "translations": {
                    "de": {"name": "Diabetes mit peripherer Neuropathie (Taubheit)"},
                    "fr": {"name": "Diabète avec neuropathie périphérique (engourdissement)"},
                    "es": {"name": "Diabetes con neuropatía periférica (entumecimiento)"},
                },
            },
            "diabetes-insulin": {
                "name": "Diabetes treated with insulin",
                "icd10": "Z79.4",
                "synonyms": ["insulin-treated diabetes"],
                "sources": ["ABMPd"],
                "translations": {
                    "de": {"name": "Diabetes mit Insulinbehandlung"},
                    "fr": {"name": "Diabète traité par insuline"},
                    "es": {"name": "Diabetes tratada con insulina"},
                },
            },
            "epilepsy": {
                "name": "Epilepsy or seizure disorder",
                "icd10": "G40.909",
                "synonyms": ["seizure disorder", "seizures"],
                "sources": ["ABMPs"],
                "translations": {
                    "de": {"name": "Epilepsie oder Anfallsleiden"},
                    "fr": {"name": "Épilepsie ou trouble convulsif"},
                    "es": {"name": "Epilepsia o trastorno convulsivo"},
                },
            },
            "fibromyalgia": {
                "name": "Fibromyalgia",
                "icd10": "M79.7",
                "translations": {
                    "de": {"name": "Fibromyalgie"},
                    "fr": {"name": "Fibromyalgie"},
                    "es": {"name": "Fibromialgia"},
                },
            },
            "preeclampsia": {
                "name": "Pregnancy warning signs: preeclampsia, bleeding, "
                "cramping, fluid leak, reduced movement",
                "icd10": "O14.90",
                "synonyms": ["pre-eclampsia", "vaginal bleeding", "reduced fetal movement"],
                "sources": ["STILL", "MTJp"],
                "translations": {
                    "de": {
                        "name": "Warnzeichen in der "
                        "Schwangerschaft: "
                        "Präeklampsie, Blutung, "
                        "Krämpfe, "
                        "Fruchtwasserabgang, weniger "
                        "Kindsbewegungen"
                    },
                    "fr": {
                        "name": "Signes d'alerte pendant la "
                        "grossesse : prééclampsie, "
                        "saignement, crampes, perte "
                        "de liquide, mouvements du "
                        "bébé diminués"
                    },
                    "es": {
                        "name": "Señales de alarma en el "
                        "embarazo: preeclampsia, "
                        "sangrado, calambres, "
                        "pérdida de líquido, menos "
                        "movimientos del bebé"
                    },
                },
            },
            "unexplained-lump": {
                "name": "Unexplained pain or an undiagnosed lump",
                "icd10": "R22.9",
                "synonyms": ["undiagnosed lump"],
                "sources": ["NCCIH"],
                "translations": {
                    "de": {"name": "Ungeklärte Schmerzen oder ein nicht diagnostizierter Knoten"},
                    "fr": {"name": "Douleur inexpliquée ou grosseur non diagnostiquée"},
                    "es": {"name": "Dolor sin explicación o un bulto sin diagnosticar"},
                },
            },
            "pacemaker": {
                "name": "Pacemaker or other implanted device",
                "icd10": "Z95.0",
                "synonyms": ["implanted device"],
                "sources": ["CUP"],
                "translations": {
                    "de": {"name": "Herzschrittmacher oder anderes implantiertes Gerät"},
                    "fr": {"name": "Stimulateur cardiaque ou autre dispositif implanté"},
                    "es": {"name": "Marcapasos u otro dispositivo implantado"},
                },
            },
            "recent-stroke": {
                "name": "Stroke, TIA or cardiac arrest in the last six months",
                "icd10": "I63.9",
                "synonyms": ["tia", "recent cardiac arrest"],
                "sources": ["CUP"],
                "translations": {
                    "de": {
                        "name": "Schlaganfall, TIA oder "
                        "Herzstillstand in den "
                        "letzten sechs Monaten"
                    },
                    "fr": {"name": "AVC, AIT ou arrêt cardiaque au cours des six derniers mois"},
                    "es": {"name": "Ictus, AIT o paro cardíaco en los últimos seis meses"},
                },
            },
            "carotid-sinus": {
                "name": "Carotid sinus hypersensitivity",
                "icd10": "G90.01",
                "synonyms": ["carotid sinus hypersensitivity"],
                "sources": ["MGMM"],
                "translations": {
                    "de": {"name": "Karotissinus-Hypersensitivität"},
                    "fr": {"name": "Hypersensibilité du sinus carotidien"},
                    "es": {"name": "Hipersensibilidad del seno carotídeo"},
                },
            },
            "arrhythmia": {
                "name": "Heart arrhythmia",
                "icd10": "I49.9",
                "synonyms": ["irregular heartbeat"],
                "sources": ["MGMM"],
                "translations": {
                    "de": {"name": "Herzrhythmusstörung"},
                    "fr": {"name": "Arythmie cardiaque"},
                    "es": {"name": "Arritmia cardíaca"},
                },
            },
            "hyperthyroidism": {
                "name": "Hyperthyroidism",
                "icd10": "E05.90",
                "synonyms": ["overactive thyroid"],
                "sources": ["MGMM"],
                "translations": {
                    "de": {"name": "Schilddrüsenüberfunktion"},
                    "fr": {"name": "Hyperthyroïdie"},
                    "es": {"name": "Hipertiroidismo"},
                },
            },
            "intoxication": {
                "name": "Under the influence of alcohol or drugs at the appointment",
                "synonyms": ["intoxicated", "under the influence"],
                "sources": ["MISC"],
                "translations": {
                    "de": {"name": "Beim Termin unter Alkohol- oder Drogeneinfluss"},
                    "fr": {"name": "Sous l'emprise de l'alcool ou de drogues au rendez-vous"},
                    "es": {"name": "Bajo los efectos del alcohol o las drogas en la cita"},
                },
            },
            "breastfeeding": {
                "name": "Breastfeeding",
                "synonyms": ["nursing", "lactation"],
                "sources": ["DRUGS"],
                "translations": {
                    "de": {"name": "Stillzeit"},
                    "fr": {"name": "Allaitement"},
                    "es": {"name": "Lactancia"},
                },
            },
        },
        "medications": {
            "anticoagulant": {
                "name": "Anticoagulants: warfarin, apixaban, rivaroxaban, dabigatran, heparins",
                "synonyms": [
                    "warfarin",
                    "apixaban",
                    "rivaroxaban",
                    "dabigatran",
                    "heparin",
                    "enoxaparin",
                    "doac",
                ],
                "sources": ["NCCIH", "OEP"],
                "translations": {
                    "de": {
                        "name": "Antikoagulanzien: "
                        "Warfarin, Apixaban, "
                        "Rivaroxaban, Dabigatran, "
                        "Heparine"
                    },
                    "fr": {
                        "name": "Anticoagulants : "
                        "warfarine, apixaban, "
                        "rivaroxaban, dabigatran, "
                        "héparines"
                    },
                    "es": {
                        "name": "Anticoagulantes: "
                        "warfarina, apixabán, "
                        "rivaroxabán, dabigatrán, "
                        "heparinas"
                    },
                },
            },
            "antiplatelet": {
                "name": "Antiplatelets: aspirin, clopidogrel",
                "synonyms": ["aspirin", "clopidogrel"],
                "sources": ["NCCIH", "OEP"],
                "translations": {
                    "de": {
                        "name": "Thrombozytenaggregationshemmer: Acetylsalicylsäure, Clopidogrel"
                    },
                    "fr": {"name": "Antiagrégants plaquettaires : aspirine, clopidogrel"},
                    "es": {
                        "name": "Antiagregantes plaquetarios: ácido acetilsalicílico, clopidogrel"
                    },
                },
            },
            "corticosteroid": {
                "name": "Long-term corticosteroids",
                "synonyms": ["corticosteroids", "steroids"],
                "sources": ["OEP"],
                "translations": {
                    "de": {"name": "Kortikosteroide als Langzeittherapie"},
                    "fr": {"name": "Corticoïdes au long cours"},
                    "es": {"name": "Corticoides a largo plazo"},
                },
            },
            "nsaid": {
                "name": "Anti-inflammatory pain relievers (NSAIDs)",
                "synonyms": ["nsaids", "ibuprofen", "naproxen"],
                "sources": ["OEP"],
                "translations": {
                    "de": {"name": "Entzündungshemmende Schmerzmittel (NSAR)"},
                    "fr": {"name": "Anti-inflammatoires non stéroïdiens (AINS)"},
                    "es": {"name": "Antiinflamatorios no esteroideos (AINE)"},
                },
            },
            "analgesic": {
                "name": "Other pain relievers, including opioids",
                "synonyms": ["opioids", "opioid"],
                "sources": ["OEP"],
                "translations": {
                    "de": {"name": "Andere Schmerzmittel, auch Opioide"},
                    "fr": {"name": "Autres antalgiques, y compris les opioïdes"},
                    "es": {"name": "Otros analgésicos, incluidos los opioides"},
                },
            },
            "muscle-relaxant": {
                "name": "Muscle relaxants",
                "synonyms": ["muscle relaxants", "muscle relaxers"],
                "sources": ["OEP"],
                "translations": {
                    "de": {"name": "Muskelrelaxanzien"},
                    "fr": {"name": "Myorelaxants"},
                    "es": {"name": "Relajantes musculares"},
                },
            },
            "insulin": {
                "name": "Insulin",
                "translations": {
                    "de": {"name": "Insulin"},
                    "fr": {"name": "Insuline"},
                    "es": {"name": "Insulina"},
                },
            },
            "cyp-interacting": {
                "name": "Drugs with a narrow margin cleared by CYP2C9, "
                "2C19 or 3A4 (e.g. clobazam, tacrolimus)",
                "synonyms": ["clobazam", "tacrolimus"],
                "sources": ["CBDi"],
                "translations": {
                    "de": {
                        "name": "Arzneimittel mit "
                        "geringer "
                        "therapeutischer Breite, "
                        "abgebaut über CYP2C9, "
                        "2C19 oder 3A4 (z. B. "
                        "Clobazam, Tacrolimus)"
                    },
                    "fr": {
                        "name": "Médicaments à marge "
                        "thérapeutique étroite "
                        "métabolisés par les "
                        "CYP2C9, 2C19 ou 3A4 (p. "
                        "ex. clobazam, "
                        "tacrolimus)"
                    },
                    "es": {
                        "name": "Fármacos de margen "
                        "terapéutico estrecho "
                        "metabolizados por "
                        "CYP2C9, 2C19 o 3A4 (p. "
                        "ej., clobazam, "
                        "tacrolimus)"
                    },
                },
            },
        },
        "allergies": {
            "tree-nut": {
                "name": "Tree nuts (sweet almond, macadamia, kukui and shea oils)",
                "synonyms": ["nuts", "nut allergy", "almond", "macadamia", "kukui", "shea"],
                "sources": ["MMnut"],
                "translations": {
                    "de": {
                        "name": "Schalenfrüchte (Süßmandel-, Macadamia-, Kukuiöl und Sheabutter)"
                    },
                    "fr": {
                        "name": "Fruits à coque (huiles d'amande "
                        "douce, de macadamia, de kukui et "
                        "karité)"
                    },
                    "es": {
                        "name": "Frutos secos (aceites de "
                        "almendra dulce, macadamia y "
                        "kukui, y karité)"
                    },
                },
            },
            "essential-oil": {
                "name": "Essential oils",
                "synonyms": ["essential oils"],
                "sources": ["TY"],
                "translations": {
                    "de": {"name": "Ätherische Öle"},
                    "fr": {"name": "Huiles essentielles"},
                    "es": {"name": "Aceites esenciales"},
                },
            },
        },
        "properties": {
            "heat": {
                "name": "Applies heat: hot stones, hot towels, heated packs, warm compresses",
                "translations": {
                    "de": {
                        "name": "Wärmeanwendung: heiße Steine, heiße "
                        "Tücher, Wärmepackungen, warme "
                        "Kompressen"
                    },
                    "fr": {
                        "name": "Applique de la chaleur : pierres "
                        "chaudes, serviettes chaudes, packs "
                        "chauffants, compresses chaudes"
                    },
                    "es": {
                        "name": "Aplica calor: piedras calientes, "
                        "toallas calientes, compresas "
                        "térmicas, compresas tibias"
                    },
                },
            },
            "essential-oil": {
                "name": "Uses essential oils",
                "translations": {
                    "de": {"name": "Mit ätherischen Ölen"},
                    "fr": {"name": "Utilise des huiles essentielles"},
                    "es": {"name": "Usa aceites esenciales"},
                },
            },
            "nut-oil": {
                "name": "Uses a nut-based oil or lotion (sweet almond, macadamia, kukui, shea)",
                "translations": {
                    "de": {
                        "name": "Mit einem Öl oder einer Lotion "
                        "auf Nussbasis (Süßmandel, "
                        "Macadamia, Kukui, Sheabutter)"
                    },
                    "fr": {
                        "name": "Utilise une huile ou une lotion "
                        "à base de noix (amande douce, "
                        "macadamia, kukui, karité)"
                    },
                    "es": {
                        "name": "Usa un aceite o una loción a "
                        "base de frutos secos (almendra "
                        "dulce, macadamia, kukui, "
                        "karité)"
                    },
                },
            },
            "cannabinoid": {
                "name": "Uses a cannabinoid product such as CBD",
                "translations": {
                    "de": {"name": "Mit einem Cannabinoid-Produkt wie CBD"},
                    "fr": {"name": "Utilise un produit à base de cannabinoïdes comme le CBD"},
                    "es": {"name": "Usa un producto con cannabinoides como el CBD"},
                },
            },
            "suction": {
                "name": "Lifts tissue by suction: cupping",
                "translations": {
                    "de": {"name": "Hebt Gewebe durch Saugwirkung an: Schröpfen"},
                    "fr": {"name": "Soulève les tissus par succion : ventouses"},
                    "es": {"name": "Levanta el tejido por succión: ventosas"},
                },
            },
            "lymphatic-drainage": {
                "name": "Manual lymphatic drainage: light, rhythmic strokes that move lymph",
                "translations": {
                    "de": {
                        "name": "Manuelle "
                        "Lymphdrainage: "
                        "leichte, rhythmische "
                        "Griffe, die die "
                        "Lymphe bewegen"
                    },
                    "fr": {
                        "name": "Drainage lymphatique "
                        "manuel : manœuvres "
                        "légères et rythmées "
                        "qui font circuler la "
                        "lymphe"
                    },
                    "es": {
                        "name": "Drenaje linfático "
                        "manual: maniobras "
                        "ligeras y rítmicas "
                        "que mueven la "
                        "linfa"
                    },
                },
            },
            "stretching": {
                "name": "Moves joints and stretches tissue: assisted stretching, sports massage",
                "translations": {
                    "de": {
                        "name": "Bewegt Gelenke und dehnt "
                        "Gewebe: assistierte Dehnung, "
                        "Sportmassage"
                    },
                    "fr": {
                        "name": "Mobilise les articulations et "
                        "étire les tissus : étirements "
                        "assistés, massage sportif"
                    },
                    "es": {
                        "name": "Moviliza articulaciones y "
                        "estira tejidos: estiramientos "
                        "asistidos, masaje "
                        "deportivo"
                    },
                },
            },
            "region-bound": {
                "name": "Applied to one area of the body",
                "translations": {
                    "de": {"name": "Auf einen Körperbereich begrenzt"},
                    "fr": {"name": "Appliqué à une seule zone du corps"},
                    "es": {"name": "Aplicado a una sola zona del cuerpo"},
                },
            },
            "prenatal": {
                "name": "Adapted to pregnancy: positioning, pressure and care "
                "for a pregnant client",
                "translations": {
                    "de": {
                        "name": "Auf die Schwangerschaft "
                        "abgestimmt: Lagerung, Druck und "
                        "Betreuung einer schwangeren "
                        "Klientin"
                    },
                    "fr": {
                        "name": "Adapté à la grossesse : "
                        "positionnement, pression et "
                        "attention pour une cliente "
                        "enceinte"
                    },
                    "es": {
                        "name": "Adaptado al embarazo: postura, "
                        "presión y cuidados para una "
                        "clienta embarazada"
                    },
                },
            },
            "oncology": {
                "name": "Adapted to cancer care: pressure, positions and sites "
                "for a client in or after treatment",
                "translations": {
                    "de": {
                        "name": "Auf die Krebsversorgung "
                        "abgestimmt: Druck, Lagerung und "
                        "Stellen für Menschen in oder "
                        "nach einer Behandlung"
                    },
                    "fr": {
                        "name": "Adapté aux soins du cancer : "
                        "pression, positions et zones "
                        "pour un client pendant ou après "
                        "le traitement"
                    },
                    "es": {
                        "name": "Adaptado a la atención "
                        "oncológica: presión, posturas y "
                        "zonas para un cliente durante o "
                        "después del tratamiento"
                    },
                },
            },
        },
        "regions": {
            "head": {
                "name": "Head",
                "translations": {
                    "de": {"name": "Kopf"},
                    "fr": {"name": "Tête"},
                    "es": {"name": "Cabeza"},
                },
            },
            "face": {
                "name": "Face",
                "translations": {
                    "de": {"name": "Gesicht"},
                    "fr": {"name": "Visage"},
                    "es": {"name": "Cara"},
                },
            },
            "neck": {
                "name": "Neck",
                "translations": {
                    "de": {"name": "Hals und Nacken"},
                    "fr": {"name": "Cou"},
                    "es": {"name": "Cuello"},
                },
            },
            "shoulders": {
                "name": "Shoulders",
                "translations": {
                    "de": {"name": "Schultern"},
                    "fr": {"name": "Épaules"},
                    "es": {"name": "Hombros"},
                },
            },
            "chest": {
                "name": "Chest",
                "translations": {
                    "de": {"name": "Brustkorb"},
                    "fr": {"name": "Poitrine"},
                    "es": {"name": "Pecho"},
                },
            },
            "abdomen": {
                "name": "Abdomen",
                "synonyms": ["belly", "stomach"],
                "translations": {
                    "de": {"name": "Bauch"},
                    "fr": {"name": "Abdomen"},
                    "es": {"name": "Abdomen"},
                },
            },
            "upper-back": {
                "name": "Upper back",
                "translations": {
                    "de": {"name": "Oberer Rücken"},
                    "fr": {"name": "Haut du dos"},
                    "es": {"name": "Parte superior de la espalda"},
                },
            },
            "lower-back": {
                "name": "Lower back",
                "synonyms": ["low back"],
                "translations": {
                    "de": {"name": "Unterer Rücken"},
                    "fr": {"name": "Bas du dos"},
                    "es": {"name": "Zona lumbar"},
                },
            },
            "hips": {
                "name": "Hips and glutes",
                "synonyms": ["glutes"],
                "translations": {
                    "de": {"name": "Hüften und Gesäß"},
                    "fr": {"name": "Hanches et fessiers"},
                    "es": {"name": "Caderas y glúteos"},
                },
            },
            "left-arm": {
                "name": "Left arm",
                "translations": {
                    "de": {"name": "Linker Arm"},
                    "fr": {"name": "Bras gauche"},
                    "es": {"name": "Brazo izquierdo"},
                },
            },
            "right-arm": {
                "name": "Right arm",
                "translations": {
                    "de": {"name": "Rechter Arm"},
                    "fr": {"name": "Bras droit"},
                    "es": {"name": "Brazo derecho"},
                },
            },
            "left-hand": {
                "name": "Left hand",
                "translations": {
                    "de": {"name": "Linke Hand"},
                    "fr": {"name": "Main gauche"},
                    "es": {"name": "Mano izquierda"},
                },
            },
            "right-hand": {
                "name": "Right hand",
                "translations": {
                    "de": {"name": "Rechte Hand"},
                    "fr": {"name": "Main droite"},
                    "es": {"name": "Mano derecha"},
                },
            },
            "left-leg": {
                "name": "Left leg",
                "translations": {
                    "de": {"name": "Linkes Bein"},
                    "fr": {"name": "Jambe gauche"},
                    "es": {"name": "Pierna izquierda"},
                },
            },
            "right-leg": {
                "name": "Right leg",
                "translations": {
                    "de": {"name": "Rechtes Bein"},
                    "fr": {"name": "Jambe droite"},
                    "es": {"name": "Pierna derecha"},
                },
            },
            "left-knee": {
                "name": "Left knee",
                "translations": {
                    "de": {"name": "Linkes Knie"},
                    "fr": {"name": "Genou gauche"},
                    "es": {"name": "Rodilla izquierda"},
                },
            },
            "right-knee": {
                "name": "Right knee",
                "translations": {
                    "de": {"name": "Rechtes Knie"},
                    "fr": {"name": "Genou droit"},
                    "es": {"name": "Rodilla derecha"},
                },
            },
            "left-foot": {
                "name": "Left foot",
                "translations": {
                    "de": {"name": "Linker Fuß"},
                    "fr": {"name": "Pied gauche"},
                    "es": {"name": "Pie izquierdo"},
                },
            },
            "right-foot": {
                "name": "Right foot",
                "translations": {
                    "de": {"name": "Rechter Fuß"},
                    "fr": {"name": "Pied droit"},
                    "es": {"name": "Pie derecho"},
                },
            },
        },
        "populations": {
            "pregnancy": {
                "name": "pregnancy",
                "pregnant": True,
                "properties": ["prenatal"],
                "translations": {
                    "de": {"name": "Schwangerschaft"},
                    "fr": {"name": "grossesse"},
                    "es": {"name": "embarazo"},
                },
            },
            "cancer": {
                "name": "cancer, in or after treatment",
                "conditions": [
                    "cancer-active-treatment",
                    "cancer-history",
                    "tumor-site",
                    "unknown-primary",
                    "bone-metastasis",
                    "radiation-field",
                ],
                "properties": ["oncology"],
                "translations": {
                    "de": {"name": "Krebs, in oder nach einer Behandlung"},
                    "fr": {"name": "cancer, pendant ou après le traitement"},
                    "es": {"name": "cáncer, durante o después del tratamiento"},
                },
            },
            "lymphedema": {
                "name": "lymphedema or its risk",
                "conditions": ["lymphedema", "lymph-nodes-removed"],
                "properties": ["lymphatic-drainage"],
                "translations": {
                    "de": {"name": "Lymphödem oder Lymphödemrisiko"},
                    "fr": {"name": "lymphœdème ou risque de lymphœdème"},
                    "es": {"name": "linfedema o riesgo de linfedema"},
                },
            },
        },
        "words": {
            "blood thinner": ["medications.anticoagulant", "medications.antiplatelet"],
            "blood thinners": ["medications.anticoagulant", "medications.antiplatelet"],
            "blood clot": ["conditions.dvt", "conditions.dvt-history"],
            "cancer": ["conditions.cancer-active-treatment", "conditions.cancer-history"],
            "high blood pressure": [
                "conditions.hypertension",
                "conditions.hypertension-uncontrolled",
            ],
            "pain relievers": ["medications.nsaid", "medications.analgesic"],
            "painkillers": ["medications.nsaid", "medications.analgesic"],
            "diabetes": ["conditions.diabetes-insulin", "conditions.diabetic-neuropathy"],
            "pregnant": ["pregnancy"],
            "pregnancy": ["pregnancy"],
            "expecting": ["pregnancy"],
            "injury": ["injuries"],
        },
    }


FILES: dict[str, Callable[[], dict[str, Any]]] = {
    "contraindications.toml": _contraindications,
    "sources.toml": _sources,
    "vocabulary.toml": _vocabulary,
}
"""Each data file's name, and the function giving its data."""
