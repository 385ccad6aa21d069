"""Permitting guides, each under its city.

Authorities and legal bases are the real ones for each jurisdiction; durations are
typical figures for planning a project, not promises, and each guide says so.
"""

GUIDES = [
    {
        "city": "aberdeen",
        "slug": "permitting-a-hydrogen-refuelling-station",
        "title": "Permitting a hydrogen refuelling station in Scotland",
        "jurisdiction": "Aberdeen City Council, Scotland",
        "application": "refuelling",
        "summary": (
            "The consents a public hydrogen station needs under Scottish planning, "
            "hazardous substances and workplace safety law. Durations are typical and "
            "depend on the site."
        ),
        "topics": ["permitting", "hydrogen-refuelling", "hydrogen-safety"],
        "steps": [
            {
                "step": "Pre-application discussion",
                "authority": "Aberdeen City Council planning service, with the fire service",
                "legal_basis": "Town and Country Planning (Scotland) Act 1997",
                "duration_days": 30,
                "documents": ["Site plan", "Outline process description", "Hazard screening"],
                "tips": (
                    "Invite the fire and rescue service to the first meeting: their early "
                    "comments on access and separation distances shape the layout."
                ),
            },
            {
                "step": "Hazardous substances consent",
                "authority": "Aberdeen City Council, advised by the Health and Safety Executive",
                "legal_basis": "Planning (Hazardous Substances) (Scotland) Regulations 2015",
                "duration_days": 120,
                "documents": [
                    "Maximum hydrogen inventory",
                    "Storage location plan",
                    "Description of the substance and its containment",
                ],
                "tips": (
                    "Consent is needed from two tonnes of hydrogen stored on site. Sizing "
                    "storage below that threshold can save months if operations allow."
                ),
            },
            {
                "step": "Planning permission",
                "authority": "Aberdeen City Council planning service",
                "legal_basis": "Town and Country Planning (Scotland) Act 1997",
                "duration_days": 60,
                "documents": ["Drawings", "Design statement", "Noise assessment", "Traffic plan"],
                "tips": "Submit together with the hazardous substances application.",
            },
            {
                "step": "Building warrant",
                "authority": "Aberdeen City Council building standards",
                "legal_basis": "Building (Scotland) Act 2003",
                "duration_days": 60,
                "documents": ["Construction drawings", "Structural calculations", "Fire strategy"],
                "tips": "",
            },
            {
                "step": "Explosive atmosphere risk assessment",
                "authority": "Station operator as duty holder; inspected by the HSE",
                "legal_basis": "Dangerous Substances and Explosive Atmospheres Regulations 2002",
                "duration_days": 45,
                "documents": [
                    "DSEAR risk assessment",
                    "Hazardous area classification drawings",
                    "Emergency plan",
                ],
                "tips": "Reuse the assessment of an existing station of the same design.",
            },
            {
                "step": "Commissioning and examination of pressure systems",
                "authority": "Station operator and a competent person",
                "legal_basis": "Pressure Systems Safety Regulations 2000",
                "duration_days": 30,
                "documents": ["Written scheme of examination", "Commissioning records"],
                "tips": "",
            },
        ],
        "acceptance_practices": (
            "<ul>"
            "<li>Hold an open day before the station opens so neighbours can see the "
            "equipment and ask the fire service their questions.</li>"
            "<li>Let bus drivers explain the technology: passengers trust people they "
            "meet every day.</li>"
            "<li>Publish safety performance once a year.</li>"
            "</ul>"
        ),
    },
    {
        "city": "lancaster",
        "slug": "permitting-an-electrolyser",
        "title": "Permitting an electrolyser in California",
        "jurisdiction": "City of Lancaster, Los Angeles County, California",
        "application": "production",
        "summary": (
            "Land use, environmental review, air quality and fire code steps for a "
            "hydrogen production plant. Durations are typical and vary with the project."
        ),
        "topics": ["permitting", "hydrogen-production", "hydrogen-safety"],
        "steps": [
            {
                "step": "Zoning check and conditional use permit",
                "authority": "City of Lancaster Planning Commission",
                "legal_basis": "Lancaster Municipal Code, zoning",
                "duration_days": 120,
                "documents": ["Site plan", "Project description", "Land use application"],
                "tips": "Industrial zones may allow the plant with fewer conditions.",
            },
            {
                "step": "Environmental review",
                "authority": "City of Lancaster as lead agency",
                "legal_basis": "California Environmental Quality Act (CEQA)",
                "duration_days": 180,
                "documents": ["Initial study", "Air quality and greenhouse gas analysis"],
                "tips": (
                    "If every impact can be mitigated, a mitigated negative declaration is "
                    "much quicker than a full environmental impact report."
                ),
            },
            {
                "step": "Air permit",
                "authority": "Antelope Valley Air Quality Management District",
                "legal_basis": "District rules on authority to construct and permit to operate",
                "duration_days": 90,
                "documents": ["Equipment list", "Emission calculations"],
                "tips": "Electrolysers emit no combustion gases; say so early to avoid delay.",
            },
            {
                "step": "Fire code review",
                "authority": "Los Angeles County Fire Department",
                "legal_basis": "California Fire Code, chapter 58, and NFPA 2",
                "duration_days": 60,
                "documents": [
                    "Hazardous materials inventory",
                    "Setback drawings",
                    "Gas detection and ventilation design",
                ],
                "tips": "",
            },
            {
                "step": "Building and electrical permits",
                "authority": "City of Lancaster building and safety",
                "legal_basis": "California Building Standards Code (Title 24)",
                "duration_days": 45,
                "documents": ["Construction drawings", "Electrical single-line diagram"],
                "tips": "",
            },
        ],
        "acceptance_practices": (
            "<ul>"
            "<li>Explain in community meetings that the plant burns nothing and releases "
            "only oxygen.</li>"
            "<li>Link the project to local training and jobs.</li>"
            "</ul>"
        ),
    },
    {
        "city": "hawaii-county",
        "slug": "permitting-a-hospital-fuel-cell",
        "title": "Permitting a hospital fuel cell",
        "jurisdiction": "County of Hawaiʻi, State of Hawaiʻi",
        "application": "hospital",
        "summary": (
            "Steps to install a stationary fuel cell with hydrogen storage as a hospital's "
            "backup power. Durations are typical planning figures."
        ),
        "topics": ["permitting", "hydrogen-buildings", "hydrogen-safety"],
        "steps": [
            {
                "step": "Grid interconnection review",
                "authority": "Hawaiian Electric",
                "legal_basis": "Hawaiian Electric Rule 14H",
                "duration_days": 90,
                "documents": [
                    "Single-line diagram",
                    "Equipment data sheets",
                    "Protection settings",
                ],
                "tips": "Ask whether the unit will export power; backup-only systems are simpler.",
            },
            {
                "step": "Building, electrical and plumbing permits",
                "authority": "County of Hawaiʻi Department of Public Works, Building Division",
                "legal_basis": "Hawaiʻi County Code, building provisions",
                "duration_days": 60,
                "documents": ["Construction drawings", "Structural anchoring design"],
                "tips": "",
            },
            {
                "step": "Fire prevention review",
                "authority": "Hawaiʻi Fire Department, Fire Prevention Bureau",
                "legal_basis": "State Fire Code with NFPA 2 and NFPA 853",
                "duration_days": 45,
                "documents": ["Hydrogen storage plan", "Setback distances", "Detection design"],
                "tips": "Outdoor storage with clear access often avoids costly room ventilation.",
            },
            {
                "step": "Health facility review of emergency power",
                "authority": "Hawaiʻi Department of Health, Office of Health Care Assurance",
                "legal_basis": "NFPA 99 essential electrical system requirements",
                "duration_days": 60,
                "documents": ["Emergency power plan", "Testing schedule"],
                "tips": "Keep one generator during the first year if reviewers prefer it.",
            },
            {
                "step": "Commissioning and acceptance test",
                "authority": "Hospital facilities team with the fire department",
                "legal_basis": "NFPA 853",
                "duration_days": 30,
                "documents": ["Test report", "Operation and maintenance manual"],
                "tips": "",
            },
        ],
        "acceptance_practices": (
            "<ul>"
            "<li>Brief clinical staff and run a joint outage drill before go-live.</li>"
            "<li>Tell patients and visitors what the new equipment is through simple signs "
            "at the entrance.</li>"
            "</ul>"
        ),
    },
    {
        "city": "kobe",
        "slug": "permitting-a-bus-depot-hydrogen-station",
        "title": "Permitting hydrogen refuelling at a bus depot in Japan",
        "jurisdiction": "City of Kobe, Hyōgo Prefecture, Japan",
        "application": "bus-fleet",
        "summary": (
            "How a bus operator adds hydrogen refuelling to an existing depot under Japan's "
            "high-pressure gas, building and fire rules. Durations are typical."
        ),
        "topics": ["permitting", "hydrogen-buses", "hydrogen-refuelling"],
        "steps": [
            {
                "step": "Prior consultation",
                "authority": "City of Kobe safety office and Kobe City Fire Bureau",
                "legal_basis": "High Pressure Gas Safety Act",
                "duration_days": 30,
                "documents": ["Depot layout", "Outline of equipment"],
                "tips": "Agree the separation distances to depot buildings at this stage.",
            },
            {
                "step": "Permit to produce high-pressure gas",
                "authority": "City of Kobe",
                "legal_basis": "High Pressure Gas Safety Act",
                "duration_days": 60,
                "documents": ["Equipment layout", "Safety distance calculations", "Hazard plan"],
                "tips": "Standard station packages shorten the technical review.",
            },
            {
                "step": "Building confirmation",
                "authority": "City of Kobe or a designated inspection body",
                "legal_basis": "Building Standards Act",
                "duration_days": 35,
                "documents": ["Building plans", "Structural calculations"],
                "tips": "",
            },
            {
                "step": "Fire service notification",
                "authority": "Kobe City Fire Bureau",
                "legal_basis": "Fire Service Act",
                "duration_days": 14,
                "documents": ["Notification form", "Fire-fighting equipment plan"],
                "tips": "",
            },
            {
                "step": "Completion inspection and safety officer",
                "authority": "City of Kobe",
                "legal_basis": "High Pressure Gas Safety Act",
                "duration_days": 30,
                "documents": ["Inspection certificate", "Safety officer appointment"],
                "tips": "Train the safety officer during construction, not after.",
            },
        ],
        "acceptance_practices": (
            "<ul>"
            "<li>Open the depot to school classes and neighbourhood associations.</li>"
            "<li>Show the safety systems, such as leak detectors and emergency stops, "
            "rather than only describing them.</li>"
            "</ul>"
        ),
    },
]
